package com.psabridge.gateway.request;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.gateway.problem.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers API requests beyond {@link IngestProperties#maxInFlight()} at once with a 503
 * problem and {@code Retry-After} instead of taking them. Each request in progress holds
 * its body and a reactive pipeline in the heap; without a bound, a client that opened
 * thousands of connections at once (a load generator's open loop did, docs/benchmarks.md)
 * filled the gateway's 96 MB heap in seconds, and then it answered nothing at all. A
 * refused request was not stored, so the client retries it with the same
 * {@code Idempotency-Key} and nothing is lost or stored twice.
 * <p>
 * Runs before Spring Security, so a request refused here costs no key check; the actuator
 * (probes, Prometheus) is not counted and never refused.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class InFlightLimit implements WebFilter {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final int max;

	private final ObjectMapper json;

	InFlightLimit(IngestProperties properties, ObjectMapper json) {
		this.max = properties.maxInFlight();
		this.json = json;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/v1/")) {
			return chain.filter(exchange);
		}
		if (this.inFlight.incrementAndGet() > this.max) {
			this.inFlight.decrementAndGet();
			exchange.getResponse().getHeaders().set("Retry-After", "1");
			return Problems.write(exchange,
					Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE, "Service unavailable",
							"The gateway is taking " + this.max
									+ " requests at once, its limit; nothing was stored. Retry after a second."),
					this.json);
		}
		// Released however the request ends: answered, failed, or the client gone.
		return chain.filter(exchange).doFinally((signal) -> this.inFlight.decrementAndGet());
	}

	/** Requests in progress now (for tests). */
	int inFlight() {
		return this.inFlight.get();
	}

}
