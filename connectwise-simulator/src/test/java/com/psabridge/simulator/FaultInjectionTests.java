package com.psabridge.simulator;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FaultInjectionTests extends SimulatorTests {

	private static final String NOTES = "/v4_6_release/apis/3.0/service/tickets/\\d+/notes";

	private static final String NOTE = "{\"text\":\"hello\",\"detailDescriptionFlag\":true}";

	@Test
	void answersAnInjectedStatusWithRetryAfterForTheGivenNumberOfCalls() {
		simulator.inject(
				Fault.on("POST", NOTES).times(2).status(503, "{\"code\":\"ConnectWiseApi\"}", "application/json", "7"));

		HttpResponse<String> first = calls.post("/service/tickets/1/notes", NOTE);
		HttpResponse<String> second = calls.post("/service/tickets/1/notes", NOTE);
		HttpResponse<String> third = calls.post("/service/tickets/1/notes", NOTE);

		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(first.body()).isEqualTo("{\"code\":\"ConnectWiseApi\"}");
		assertThat(second.statusCode()).isEqualTo(503);
		assertThat(third.statusCode()).isEqualTo(201);
		assertThat(simulator.notes(1)).hasSize(1);
		assertThat(simulator.calls()).extracting(RecordedCall::status).containsExactly(503, 503, 201);
	}

	@Test
	void appliesFaultsOnlyToMatchingMethodAndPathInInjectionOrder() {
		simulator.inject(Fault.on("POST", NOTES).retryAfter(429, "3"));
		simulator.inject(Fault.on(null, NOTES).securityError());

		HttpResponse<String> read = calls.get("/service/tickets/1/notes");
		HttpResponse<String> other = calls.get("/system/info");
		HttpResponse<String> second = calls.post("/service/tickets/1/notes", NOTE);

		assertThat(read.statusCode()).isEqualTo(403);
		assertThat(read.body()).isEqualTo(
				"{\"code\":\"Security\",\"message\":\"You do not have security permission to perform this action.\"}");
		assertThat(other.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).isEqualTo(429);
		assertThat(second.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(ConnectWiseCalls.json(second).get("code").asText()).isEqualTo("ConnectWiseApi");
	}

	@Test
	void answersACdnHtmlPageFor429() {
		simulator.inject(Fault.on("POST", NOTES).html(429, "Wed, 25 Nov 2026 10:00:00 GMT"));

		HttpResponse<String> response = calls.post("/service/tickets/1/notes", NOTE);

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("Wed, 25 Nov 2026 10:00:00 GMT");
		assertThat(response.body()).contains("<html>").contains("429 Too Many Requests");
		assertThat(simulator.notes(1)).isEmpty();
	}

	@Test
	void delaysTheResponseThenStoresNormally() {
		simulator.inject(Fault.on("POST", NOTES).delay(Duration.ofMillis(400)));

		long started = System.nanoTime();
		HttpResponse<String> response = calls.post("/service/tickets/1/notes", NOTE);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(simulator.notes(1)).hasSize(1);
	}

	@Test
	void resetsTheConnectionWithoutStoring() {
		simulator.inject(Fault.on("POST", NOTES).connectionReset());

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> calls.http()
			.send(calls.api("/service/tickets/1/notes").POST(HttpRequest.BodyPublishers.ofString(NOTE)).build(),
					HttpResponse.BodyHandlers.ofString()));
		assertThat(simulator.notes(1)).isEmpty();
		assertThat(simulator.calls()).extracting(RecordedCall::status).containsExactly(0);
		assertThat(calls.post("/service/tickets/1/notes", NOTE).statusCode()).isEqualTo(201);
	}

	@Test
	void storesTheNoteYetTheClientTimesOutOnCommitThenDelay() {
		simulator.inject(Fault.on("POST", NOTES).commitThenDelay(Duration.ofSeconds(3)));

		HttpRequest request = calls.api("/service/tickets/42/notes")
			.timeout(Duration.ofMillis(300))
			.POST(HttpRequest.BodyPublishers.ofString(NOTE))
			.build();

		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> calls.http().send(request, HttpResponse.BodyHandlers.ofString()));
		assertThat(simulator.notes(42)).singleElement()
			.satisfies((note) -> assertThat(note.get("text").asText()).isEqualTo("hello"));
		JsonNode readBack = ConnectWiseCalls.json(calls.get("/service/tickets/42/notes"));
		assertThat(readBack).hasSize(1);
	}

	@Test
	void addsLatencyToEveryCall() {
		simulator.setLatency(Duration.ofMillis(250));

		long started = System.nanoTime();
		calls.get("/system/info");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
	}

	@Test
	void rejectsAnInvalidFault() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> Fault.on("POST", "([unclosed").status(503, "", "text/plain"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> Fault.on("POST", NOTES).times(0).connectionReset());
	}

}
