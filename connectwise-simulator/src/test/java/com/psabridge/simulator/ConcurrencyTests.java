package com.psabridge.simulator;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTests extends SimulatorTests {

	@Test
	void givesFiftyParallelNotesFiftyDistinctIdsEvenWithLatency() {
		simulator.setLatency(Duration.ofMillis(200));
		long started = System.nanoTime();

		List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 50)
			.mapToObj((i) -> calls.http()
				.sendAsync(calls.api("/service/tickets/77/notes")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"text\":\"n" + i + "\",\"detailDescriptionFlag\":true}"))
					.build(), HttpResponse.BodyHandlers.ofString()))
			.toList();
		List<HttpResponse<String>> done = responses.stream().map(CompletableFuture::join).toList();

		assertThat(done).extracting(HttpResponse::statusCode).containsOnly(201);
		assertThat(done.stream().map((r) -> ConnectWiseCalls.json(r).get("id").asLong()).distinct()).hasSize(50);
		assertThat(simulator.notes(77)).extracting((JsonNode n) -> n.get("id").asLong())
			.doesNotHaveDuplicates()
			.hasSize(50);
		// Latency is served asynchronously: fifty 200 ms calls overlap rather than queue.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

}
