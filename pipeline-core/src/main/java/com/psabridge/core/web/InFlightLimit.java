package com.psabridge.core.web;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers {@code /v1} requests beyond {@link InFlightProperties#maxInFlight()} at once
 * with a 503 problem and {@code Retry-After} instead of taking them. Each request in
 * progress holds its body and a reactive pipeline in the heap; without a bound, a client
 * that opened thousands of connections at once (a load generator's open loop did,
 * docs/benchmarks.md) filled the gateway's 96 MB heap in seconds, and then it answered
 * nothing at all. A refused request was not stored: a product service retries it with the
 * same {@code Idempotency-Key}, ConnectWise sends a callback again.
 * <p>
 * Runs before Spring Security and signature checks, so a request refused here costs
 * nothing more; the actuator (probes, Prometheus) is not counted and never refused.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InFlightLimit implements WebFilter {

	private static final URI UNAVAILABLE = URI.create("urn:psa-bridge:problem:unavailable");

	private final AtomicInteger inFlight = new AtomicInteger();

	private final int max;

	private final ObjectMapper json;

	public InFlightLimit(InFlightProperties properties, ObjectMapper json) {
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
			return refuse(exchange);
		}
		// Released however the request ends: answered, failed, or the client gone.
		return chain.filter(exchange).doFinally((signal) -> this.inFlight.decrementAndGet());
	}

	private Mono<Void> refuse(ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"This service is taking " + this.max
						+ " requests at once, its limit; nothing was stored. Retry after a second.");
		problem.setType(UNAVAILABLE);
		problem.setTitle("Service unavailable");
		exchange.getResponse().getHeaders().set("Retry-After", "1");
		return ProblemResponses.write(exchange, problem, this.json);
	}

	/** Requests in progress now (for tests). */
	int inFlight() {
		return this.inFlight.get();
	}

}
