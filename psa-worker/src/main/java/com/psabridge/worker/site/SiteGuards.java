package com.psabridge.worker.site;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * One {@link SiteGuard} per tenant, made from the {@code connectwise-site} configurations
 * of Resilience4j's registries (so they show up in its metrics and health like any other
 * instance).
 */
@Component
public class SiteGuards {

	static final String CONFIG = "connectwise-site";

	private static final Logger logger = LoggerFactory.getLogger(SiteGuards.class);

	private final CircuitBreakerRegistry breakers;

	private final BulkheadRegistry bulkheads;

	private final RateLimiterRegistry rateLimiters;

	private final SiteProtectionProperties properties;

	private final Map<String, SiteGuard> guards = new ConcurrentHashMap<>();

	SiteGuards(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, RateLimiterRegistry rateLimiters,
			SiteProtectionProperties properties) {
		this.breakers = breakers;
		this.bulkheads = bulkheads;
		this.rateLimiters = rateLimiters;
		this.properties = properties;
	}

	public SiteGuard forTenant(String tenantId) {
		return this.guards.computeIfAbsent(tenantId, this::newGuard);
	}

	private SiteGuard newGuard(String tenantId) {
		String name = "tenant-" + tenantId;
		RateLimiter rate = this.rateLimiters.rateLimiter(name, CONFIG);
		CircuitBreaker breaker = newBreaker(name, rate);
		Bulkhead concurrency = this.bulkheads.bulkhead(name, CONFIG);
		return new SiteGuard(breaker, concurrency, rate, this.properties);
	}

	private CircuitBreaker newBreaker(String name, RateLimiter rate) {
		CircuitBreaker breaker = this.breakers.circuitBreaker(name, CONFIG);
		breaker.getEventPublisher().onStateTransition((event) -> {
			logger.warn("ConnectWise circuit of {} went {}", name, event.getStateTransition());
			if (event.getStateTransition() == CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED) {
				rampUp(rate);
			}
		});
		return breaker;
	}

	/**
	 * After an outage the tenant's backlog is due all at once; climbing back to the
	 * configured rate over a few periods lets a recovering ConnectWise catch its breath.
	 */
	private void rampUp(RateLimiter rate) {
		int target = this.rateLimiters.getConfiguration(CONFIG).orElse(rate.getRateLimiterConfig()).getLimitForPeriod();
		int steps = Math.max(1, this.properties.rampSteps());
		Duration period = rate.getRateLimiterConfig().getLimitRefreshPeriod();
		rate.changeLimitForPeriod(Math.max(1, target / (1 << steps)));
		Flux.interval(period)
			.take(steps)
			.subscribe((step) -> rate.changeLimitForPeriod(Math.max(1, target / (1 << (steps - step - 1)))));
	}

}
