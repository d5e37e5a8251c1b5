package com.psabridge.webhook.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.psabridge.core.callback.CallbackTokens;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.simulator.ConnectWiseSimulator;
import com.psabridge.webhook.WebhookReceiverApplication;
import com.psabridge.webhook.signature.ContentSignature;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Callbacks accepted per second and answer times of the callback intake, with the signing
 * key cached: signed ticket updates with complete entities (so no ConnectWise read), each
 * stored, de-duplicated, snapshotted and published with a broker confirm. Not a test: run
 * it with {@code webhook-receiver/bench/callbacks.sh} against the local PostgreSQL and
 * RabbitMQ; it prints a Markdown table.
 * <p>
 * Arguments: requests per round (default 5000), then the concurrency levels (default 1 8
 * 32 64). With {@code serve} instead, it only starts the receiver and its tenant, prints
 * {@code url=... key-url=... pid=...} for {@code bench/LoadGen.java callbacks} (an open
 * loop from another process, so the receiver's CPU is its own) and runs until its input
 * closes.
 */
public final class CallbackBenchmark {

	private static final String SIGNING_KEY = "benchmark-signing-key";

	private static final ObjectMapper json = new ObjectMapper();

	private static final int TICKETS = 200;

	private static final AtomicLong clock = new AtomicLong(Instant.parse("2026-11-22T00:00:00Z").getEpochSecond());

	private CallbackBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		boolean serve = args.length > 0 && args[0].equals("serve");
		int requests = (args.length > 0 && !serve) ? Integer.parseInt(args[0]) : 5000;
		int[] levels = (args.length > 1) ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
				: new int[] { 1, 8, 32, 64 };
		try (ConnectWiseSimulator simulator = ConnectWiseSimulator.start(0)) {
			WireMockServer site = new WireMockServer(
					WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1").disableRequestJournal());
			site.start();
			site.stubFor(get(urlPathMatching(".*/system/callbackkey/index\\.rails")).atPriority(1)
				.willReturn(okJson("{\"signing_key\": \"" + SIGNING_KEY + "\"}")));
			site.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(simulator.origin())));
			ConfigurableApplicationContext context = SpringApplication.run(WebhookReceiverApplication.class,
					"--server.port=0", "--psa.credentials.key=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
					"--psa.connectwise.allow-insecure-http=true", "--psa.connectwise.client-id=benchmark",
					"--logging.level.root=WARN", "--spring.main.banner-mode=off");
			try {
				int port = ((WebServerApplicationContext) context).getWebServer().getPort();
				String[] tenant = tenant(context, simulator, site);
				String path = tenant[0];
				String keyUrl = tenant[1];
				long firstTicket = 900_000_000L + (long) (Math.random() * 1_000_000) * 1000;
				if (serve) {
					// A second tenant for the warm-up: LoadGen's ticket ids and clock
					// restart with each
					// run, so a warm-up on the measured tenant would make its first
					// updates stale.
					String[] warm = tenant(context, simulator, site);
					System.out.println("url=http://127.0.0.1:" + port + path + " key-url=" + keyUrl
							+ " warm-url=http://127.0.0.1:" + port + warm[0] + " warm-key-url=" + warm[1] + " pid="
							+ ProcessHandle.current().pid());
					System.out.flush();
					while (System.in.read() != -1) {
						// Runs until the caller closes our input.
					}
					return;
				}
				WebClient client = WebClient.create("http://127.0.0.1:" + port);
				// Warm-up: JIT, pools, the key cache and every ticket's first sighting.
				round(client, path, keyUrl, firstTicket, TICKETS, 8);
				round(client, path, keyUrl, firstTicket, 1000, 32);
				System.out.println();
				System.out
					.println("| concurrency | callbacks | accepted/s | p50 ms | p90 ms | p99 ms | max ms | outcomes |");
				System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
				for (int concurrency : levels) {
					Result result = round(client, path, keyUrl, firstTicket, requests, concurrency);
					System.out.printf("| %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %s |%n", concurrency, requests,
							result.perSecond(), result.percentile(50), result.percentile(90), result.percentile(99),
							result.percentile(100), result.outcomes());
				}
			}
			finally {
				context.close();
				site.stop();
			}
		}
	}

	/**
	 * A new tenant requiring signatures: its callback path (ending in ?recordId=) and
	 * key_url.
	 */
	private static String[] tenant(ConfigurableApplicationContext context, ConnectWiseSimulator simulator,
			WireMockServer site) {
		String tenantId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
		String companyId = tenantId.replace("-", "");
		simulator.addCompany(companyId, "pub", "priv");
		context.getBean(TenantConnectionRepository.class)
			.save(new TenantConnection(tenantId, site.baseUrl(), companyId, "pub", "priv", "v2025_1/", "APIMember",
					true))
			.block();
		String token = context.getBean(CallbackTokens.class).rotate(tenantId, Duration.ZERO).block();
		return new String[] { "/v1/callbacks/connectwise/" + tenantId + "/" + token + "?recordId=", site.baseUrl()
				+ "/v2025_1//system/callbackkey/index.rails?companyName=" + companyId + "&id=" + UUID.randomUUID() };
	}

	private static Result round(WebClient client, String path, String keyUrl, long firstTicket, int requests,
			int concurrency) {
		List<byte[]> bodies = new ArrayList<>(requests);
		for (int i = 0; i < requests; i++) {
			bodies.add(body(firstTicket + (i % TICKETS), keyUrl));
		}
		long[] latencies = new long[requests];
		Map<String, Integer> outcomes = new ConcurrentHashMap<>();
		long started = System.nanoTime();
		Flux.range(0, requests).flatMap((i) -> {
			byte[] body = bodies.get(i);
			long sent = System.nanoTime();
			return client.post()
				.uri(path + (firstTicket + (i % TICKETS)))
				.contentType(MediaType.APPLICATION_JSON)
				.header("x-content-signature", ContentSignature.sign(SIGNING_KEY, body))
				.bodyValue(body)
				.exchangeToMono((response) -> response.bodyToMono(JsonNode.class)
					.map((answer) -> response.statusCode().value() + " " + answer.path("outcome").asText("-"))
					.defaultIfEmpty(response.statusCode().value() + " -"))
				.onErrorResume((ex) -> Mono.just("error " + ex.getClass().getSimpleName()))
				.doOnNext((outcome) -> {
					latencies[i] = System.nanoTime() - sent;
					outcomes.merge(outcome, 1, Integer::sum);
				});
		}, concurrency).blockLast(Duration.ofMinutes(10));
		long elapsed = System.nanoTime() - started;
		return new Result(requests * 1e9 / elapsed, latencies, new TreeMap<>(outcomes).toString());
	}

	private static byte[] body(long ticketId, String keyUrl) {
		try {
			Instant lastUpdated = Instant.ofEpochSecond(clock.incrementAndGet());
			ObjectNode ticket = json.createObjectNode();
			ticket.put("id", ticketId);
			ticket.put("summary", "Benchmark ticket " + ticketId);
			ticket.putObject("board").put("id", 1).put("name", "Service Board");
			ticket.putObject("status").put("id", 1 + (lastUpdated.getEpochSecond() % 5)).put("name", "Status");
			ticket.putObject("company").put("id", 250).put("identifier", "Acme").put("name", "Acme Corp");
			ticket.putObject("priority").put("id", 4).put("name", "Priority 3 - Normal Response");
			ticket.putObject("owner").put("id", 151).put("identifier", "jdoe").put("name", "John Doe");
			ticket.put("initialDescription", "Benchmark");
			ticket.putObject("_info").put("lastUpdated", lastUpdated.toString()).put("updatedBy", "jdoe");
			ObjectNode body = json.createObjectNode();
			body.put("MessageId", UUID.randomUUID().toString());
			body.put("FromUrl", "127.0.0.1");
			body.put("CompanyId", "bench");
			body.put("MemberId", "jdoe");
			body.put("Action", "updated");
			body.put("Type", "ticket");
			body.put("ID", ticketId);
			body.put("Entity", json.writeValueAsString(ticket));
			body.putObject("Metadata").put("key_url", keyUrl);
			body.put("CallbackObjectRecId", 26552);
			return json.writeValueAsBytes(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Result(double perSecond, long[] latencies, String outcomes) {

		double percentile(int percentile) {
			long[] sorted = this.latencies.clone();
			Arrays.sort(sorted);
			int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
		}

	}

}
