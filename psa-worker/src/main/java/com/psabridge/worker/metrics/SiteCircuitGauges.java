package com.psabridge.worker.metrics;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code psa.site.circuits{state}}: how many tenants' ConnectWise circuits this worker
 * holds in each state. Resilience4j exports each circuit itself
 * ({@code resilience4j_circuitbreaker_state{name="tenant-<id>"}}), one set of series per
 * tenant; a large fleet turns those off with
 * {@code resilience4j.circuitbreaker.metrics.enabled=false} and keeps this bounded count.
 */
@Component
class SiteCircuitGauges {

	static final String TENANT_PREFIX = "tenant-";

	SiteCircuitGauges(CircuitBreakerRegistry breakers, MeterRegistry meters) {
		for (CircuitBreaker.State state : new CircuitBreaker.State[] { CircuitBreaker.State.CLOSED,
				CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.FORCED_OPEN }) {
			Gauge.builder("psa.site.circuits", breakers, (registry) -> count(registry, state))
				.description("Tenants' ConnectWise circuit breakers on this worker, by state")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(meters);
		}
	}

	private static double count(CircuitBreakerRegistry registry, CircuitBreaker.State state) {
		return registry.getAllCircuitBreakers()
			.stream()
			.filter((breaker) -> breaker.getName().startsWith(TENANT_PREFIX) && breaker.getState() == state)
			.count();
	}

}
