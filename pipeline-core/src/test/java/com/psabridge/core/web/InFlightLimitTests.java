package com.psabridge.core.web;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service takes at most {@code psa.web.max-in-flight} API requests at once: the next is
 * a 503 problem with {@code Retry-After}, never a request taken into a heap that cannot
 * hold it; a slot frees however a request ends; the actuator is never refused.
 */
class InFlightLimitTests {

	private final InFlightLimit limit = new InFlightLimit(new InFlightProperties(2), new ObjectMapper());

	/** A request still in progress (its store not yet answered) until the sink ends. */
	private final Sinks.Empty<Void> pending = Sinks.empty();

	private final WebFilterChain inProgress = (exchange) -> this.pending.asMono();

	private final WebFilterChain answered = (exchange) -> Mono.empty();

	@Test
	void requestsBeyondTheLimitAreAnswered503WithRetryAfter() {
		this.limit.filter(post(), this.inProgress).subscribe();
		this.limit.filter(post(), this.inProgress).subscribe();
		MockServerWebExchange third = post();
		this.limit.filter(third, this.answered).block(Duration.ofSeconds(5));
		assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(third.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(third.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(third.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
			.contains("\"type\":\"urn:psa-bridge:problem:unavailable\"")
			.contains("nothing was stored");
		assertThat(this.limit.inFlight()).isEqualTo(2);
	}

	@Test
	void aSlotFreesWhenARequestIsAnsweredFailsOrIsAbandoned() {
		this.limit.filter(post(), this.answered).block(Duration.ofSeconds(5));
		this.limit.filter(post(), (exchange) -> Mono.error(new IllegalStateException("failed")))
			.onErrorComplete()
			.block(Duration.ofSeconds(5));
		Disposable abandoned = this.limit.filter(post(), this.inProgress).subscribe();
		this.limit.filter(post(), this.inProgress).subscribe();
		assertThat(this.limit.inFlight()).isEqualTo(2);
		abandoned.dispose();
		assertThat(this.limit.inFlight()).isEqualTo(1);
		this.pending.tryEmitEmpty();
		assertThat(this.limit.inFlight()).isZero();
		MockServerWebExchange next = post();
		this.limit.filter(next, this.answered).block(Duration.ofSeconds(5));
		assertThat(next.getResponse().getStatusCode()).isNull();
	}

	@Test
	void theActuatorIsNeitherCountedNorRefused() {
		this.limit.filter(post(), this.inProgress).subscribe();
		this.limit.filter(post(), this.inProgress).subscribe();
		MockServerWebExchange health = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health"));
		this.limit.filter(health, this.answered).block(Duration.ofSeconds(5));
		assertThat(health.getResponse().getStatusCode()).isNull();
		assertThat(this.limit.inFlight()).isEqualTo(2);
	}

	private static MockServerWebExchange post() {
		return MockServerWebExchange
			.from(MockServerHttpRequest.post("/v1/tenants/acme/ticket-notes").body("{\"ticketId\": 1}"));
	}

}
