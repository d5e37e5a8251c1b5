package com.psabridge.webhook.callback;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.psabridge.webhook.signature.ContentSignature;
import com.psabridge.webhook.testing.CallbackIntegrationTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is the sender's problem, never a 500: a thousand malformed bodies (random
 * bytes, truncated JSON, wrong types, odd text, oversized, signed and not) all get a 2xx
 * or 4xx.
 */
class MalformedCallbacksIntegrationTests extends CallbackIntegrationTest {

	private static final int BODIES = 1000;

	private final Random random = new Random(20261124);

	@Test
	void aThousandMalformedBodiesGiveNoServerError() {
		Tenant signed = newTenant(true);
		Tenant unsigned = newTenant(false);
		List<Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < BODIES; i++) {
			Tenant tenant = (i % 2 == 0) ? signed : unsigned;
			attempts.add(new Attempt(tenant, i % 9, body(tenant, i % 9), this.random.nextInt(4) != 0, i % 50 == 7));
		}
		List<String> answers = Flux.fromIterable(attempts)
			.flatMap((attempt) -> send(attempt).map((status) -> status + " " + attempt.kind())
				// A request that gets no answer is a failure too, and says which kind it
				// was.
				.timeout(Duration.ofSeconds(30),
						Mono.just("timeout " + attempt.kind() + " chunked=" + attempt.chunked())),
					16)
			.collectList()
			.block(Duration.ofMinutes(5));
		Map<String, Integer> byStatus = new TreeMap<>();
		answers.forEach((answer) -> byStatus.merge(answer.substring(0, 3), 1, Integer::sum));
		assertThat(answers).hasSize(BODIES);
		assertThat(answers)
			.as("answers by status: %s; unanswered: %s", byStatus,
					answers.stream().filter((answer) -> answer.startsWith("timeout")).toList())
			.noneMatch((answer) -> answer.startsWith("5"))
			.allMatch((answer) -> answer.startsWith("2") || answer.startsWith("4"));
		// The mix reached every stage: refused, rejected, too large, and accepted.
		assertThat(byStatus).containsKeys("200", "400", "401", "413");
	}

	private Mono<Integer> send(Attempt attempt) {
		String signature = attempt.sign() ? ContentSignature.sign(SIGNING_KEY, attempt.body())
				: Base64Noise.of(this.random);
		if (attempt.chunked()) {
			// No Content-Length: the limit must hold while the body streams in.
			Flux<DataBuffer> chunks = Flux.range(0, 40)
				.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[8 * 1024]));
			return client().post()
				.uri(attempt.tenant().path())
				.contentType(MediaType.APPLICATION_JSON)
				.body(chunks, DataBuffer.class)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.onErrorReturn(413);
		}
		return client().post()
			.uri(attempt.tenant().path() + "?recordId=" + this.random.nextInt(1000))
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-content-signature", signature)
			.bodyValue(attempt.body())
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	private byte[] body(Tenant tenant, int kind) {
		return switch (kind) {
			case 0 -> randomBytes(this.random.nextInt(2048));
			case 1 -> truncated(envelope(tenant));
			case 2 -> wrongTypes(tenant);
			case 3 -> oddRoot();
			case 4 -> wrongEntity(tenant);
			case 5 -> oddText(tenant);
			case 6 -> huge();
			case 7 -> deepNesting();
			default -> utf8(envelope(tenant).toString().replace("\"", (this.random.nextBoolean()) ? "'" : ""));
		};
	}

	private ObjectNode envelope(Tenant tenant) {
		long ticketId = 1 + this.random.nextInt(5000);
		ObjectNode entity = ticketEntity(ticketId, "Fuzz " + ticketId, 1 + this.random.nextInt(5),
				Instant.parse("2026-11-22T14:00:00Z").plusSeconds(this.random.nextInt(100_000)));
		try {
			return (ObjectNode) this.json.readTree(ticketCallback(tenant, UUID.randomUUID().toString(),
					List.of("added", "updated", "deleted", "merged").get(this.random.nextInt(4)), ticketId, "jdoe",
					entity));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private byte[] truncated(ObjectNode envelope) {
		byte[] whole = utf8(envelope.toString());
		return java.util.Arrays.copyOf(whole, this.random.nextInt(whole.length));
	}

	private byte[] wrongTypes(Tenant tenant) {
		ObjectNode envelope = envelope(tenant);
		List<String> fields = List.of("MessageId", "Type", "Action", "ID", "MemberId", "Metadata", "Entity",
				"CallbackObjectRecId", "CompanyId");
		for (int i = 0; i < 1 + this.random.nextInt(3); i++) {
			envelope.set(fields.get(this.random.nextInt(fields.size())), oddValue());
		}
		if (this.random.nextBoolean() && envelope.get("Metadata") instanceof ObjectNode metadata) {
			metadata.set("key_url", oddValue());
		}
		return utf8(envelope.toString());
	}

	private JsonNode oddValue() {
		return switch (this.random.nextInt(10)) {
			case 0 -> this.json.getNodeFactory().nullNode();
			case 1 -> this.json.getNodeFactory().booleanNode(true);
			case 2 -> this.json.getNodeFactory().numberNode(-this.random.nextInt(1000));
			case 3 -> this.json.getNodeFactory().numberNode(this.random.nextDouble() * 1e300);
			case 4 -> this.json.getNodeFactory().arrayNode().add(1).add("x");
			case 5 -> this.json.getNodeFactory().objectNode().put("a", 1);
			case 6 -> this.json.getNodeFactory().textNode("x".repeat(this.random.nextInt(5000)));
			case 7 -> this.json.getNodeFactory().textNode("");
			case 8 -> this.json.getNodeFactory().numberNode(new java.math.BigInteger("9".repeat(40)));
			default -> this.json.getNodeFactory().textNode("{\"id\": \"not a ticket\"}");
		};
	}

	private byte[] oddRoot() {
		List<String> roots = List.of("", " ", "null", "true", "0", "-1", "\"text\"", "[]", "[{}]", "{}", "{\"a\":",
				"{\"MessageId\":null}", "\uFEFF{}", "{\"MessageId\":\"m\",\"MessageId\":\"n\"}");
		return utf8(roots.get(this.random.nextInt(roots.size())));
	}

	private byte[] wrongEntity(Tenant tenant) {
		ObjectNode envelope = envelope(tenant);
		ObjectNode entity = this.json.createObjectNode();
		entity.put("id", "twelve");
		entity.set("summary", this.json.createObjectNode().put("nested", true));
		entity.put("board", "Service Board");
		entity.set("status", this.json.createArrayNode().add(1));
		entity.set("owner", this.json.createObjectNode().put("id", "x").put("name", 5));
		entity.set("_info", this.json.createObjectNode().put("lastUpdated", this.random.nextLong()));
		Function<ObjectNode, JsonNode> variants = (e) -> switch (this.random.nextInt(4)) {
			case 0 -> this.json.getNodeFactory().textNode(e.toString());
			case 1 -> e;
			case 2 -> this.json.getNodeFactory().textNode(e.toString().substring(0, e.toString().length() / 2));
			default -> this.json.getNodeFactory().textNode("[" + e + "]");
		};
		envelope.set("Entity", variants.apply(entity));
		envelope.put("Type", "ticket");
		return utf8(envelope.toString());
	}

	private byte[] oddText(Tenant tenant) {
		ObjectNode envelope = envelope(tenant);
		String[] odd = { "\u0000", "\uD800", "\uFFFF", "\u202E", "💥", "\r\n", "\\", "%00", "' or 1=1 --" };
		String text = odd[this.random.nextInt(odd.length)];
		List<String> fields = List.of("MessageId", "MemberId", "Type", "Action", "CompanyId");
		envelope.put(fields.get(this.random.nextInt(fields.size())), "x" + text + "y");
		if (this.random.nextBoolean()) {
			ObjectNode entity = ticketEntity(envelope.get("ID").asLong(), "Summary " + text, 1, Instant.now());
			envelope.put("Entity", entity.toString());
		}
		byte[] bytes = utf8(envelope.toString());
		if (this.random.nextInt(3) == 0 && bytes.length > 40) {
			// Invalid UTF-8 inside the JSON text.
			bytes[20 + this.random.nextInt(bytes.length - 40)] = (byte) 0xC3;
		}
		return bytes;
	}

	private byte[] huge() {
		StringBuilder text = new StringBuilder("{\"MessageId\":\"");
		text.append("a".repeat(270 * 1024));
		return utf8(text.append("\"}").toString());
	}

	private byte[] deepNesting() {
		int depth = 2000 + this.random.nextInt(20_000);
		return utf8("{\"MessageId\":\"m\",\"Type\":\"ticket\",\"Action\":\"added\",\"ID\":1,\"Entity\":"
				+ "[".repeat(depth) + "]".repeat(depth) + "}");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private record Attempt(Tenant tenant, int kind, byte[] body, boolean sign, boolean chunked) {

	}

	private static final class Base64Noise {

		static String of(Random random) {
			byte[] bytes = new byte[32];
			random.nextBytes(bytes);
			return java.util.Base64.getEncoder().encodeToString(bytes);
		}

	}

}
