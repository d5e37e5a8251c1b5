package com.psabridge.gateway.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.gateway.GatewayIntegrationTests;
import com.psabridge.model.queue.RequestQueue;
import com.psabridge.model.request.TicketNote;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;

class EnqueueIntegrationTests extends GatewayIntegrationTests {

	@Autowired
	private AmqpAdmin amqp;

	@Autowired
	private RabbitTemplate rabbit;

	@Autowired
	private ObjectMapper json;

	/**
	 * A queue of our own bound like {@code psa.requests.work}, so the test sees every
	 * request message even while a worker consumes the real queue.
	 */
	private String workCopy;

	@BeforeEach
	void bindCopyOfWorkQueue() {
		// Exclusive, so it goes with the connection at the latest; not auto-delete, which
		// would drop it when the first timed receive cancels its consumer.
		Queue queue = new Queue("gateway-test-" + UUID.randomUUID(), false, true, false);
		this.workCopy = this.amqp.declareQueue(queue);
		this.amqp.declareBinding(
				BindingBuilder.bind(queue).to(new DirectExchange(RequestQueue.EXCHANGE)).with(RequestQueue.WORK_QUEUE));
	}

	@AfterEach
	void deleteCopyOfWorkQueue() {
		this.amqp.deleteQueue(this.workCopy);
	}

	@Test
	void acceptsATicketNoteStoresItWithItsActivityAndPublishesIt() throws Exception {
		String tenantId = newTenant();
		long ticketId = newTicketId();
		Map<String, Object> answer = postNote(ADMIN_KEY, tenantId, note(ticketId)).expectStatus()
			.isAccepted()
			.expectHeader()
			.valueMatches(HttpHeaders.LOCATION, "/v1/tenants/" + tenantId + "/requests/[0-9a-f-]{36}")
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(answer).containsEntry("status", "QUEUED").containsEntry("reference", "session-9f1c");
		UUID requestId = UUID.fromString((String) answer.get("requestId"));

		Map<String, Object> row = requestRow(requestId);
		assertThat(row).containsEntry("tenant_id", tenantId)
			.containsEntry("kind", "TICKET_NOTE")
			.containsEntry("ticket_id", ticketId)
			.containsEntry("reference", "session-9f1c");
		String payload = ((Json) row.get("payload")).asString();
		JsonNode stored = this.json.readTree(payload);
		assertThat(stored.path("text").asText()).isEqualTo("Session summary");
		assertThat(stored.path("noteType").asText()).isEqualTo("INTERNAL_ANALYSIS");
		assertThat(row.get("payload_hash")).isEqualTo(sha256(canonical(stored)));
		// A worker running on the same broker may already have added its own rows.
		assertThat(activity(requestId)).first().isEqualTo("0:ACCEPTED:QUEUED");

		Message message = awaitMessage(requestId);
		assertThat(message.getMessageProperties().getHeaders()).containsEntry(RequestQueue.HEADER_TENANT_ID, tenantId)
			.containsEntry(RequestQueue.HEADER_KIND, "TICKET_NOTE");
		// Marked published once confirmed, unless a worker claimed it first.
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			Map<String, Object> now = requestRow(requestId);
			return now.get("published_at") != null || !"QUEUED".equals(now.get("status"));
		});
	}

	@Test
	void acceptsATimeEntryWithItsTimesInUtc() throws Exception {
		String tenantId = newTenant();
		Map<String, Object> entry = Map.of("ticketId", newTicketId(), "userId", "u-42", "timeStart",
				"2026-11-22T16:00:00+02:00", "timeEnd", "2026-11-22T14:37:00Z", "rounding", "QUARTER_HOUR", "notes",
				"Troubleshooting session", "workTypeId", 3, "billableOption", "DoNotBill");
		Map<String, Object> answer = this.web.post()
			.uri("/v1/tenants/{tenantId}/time-entries", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(entry)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(answer).containsEntry("reference", null);
		UUID requestId = UUID.fromString((String) answer.get("requestId"));
		Map<String, Object> row = requestRow(requestId);
		assertThat(row).containsEntry("kind", "TIME_ENTRY");
		JsonNode stored = this.json.readTree(((Json) row.get("payload")).asString());
		assertThat(stored.path("timeStart").asText()).isEqualTo("2026-11-22T14:00:00Z");
		assertThat(stored.path("billableOption").asText()).isEqualTo("DoNotBill");
		Message message = awaitMessage(requestId);
		assertThat(message.getMessageProperties().getHeaders()).containsEntry(RequestQueue.HEADER_KIND, "TIME_ENTRY");
	}

	@Test
	void answersTheFirstRequestAgainForARepeatedIdempotencyKeyAndBody() {
		String tenantId = newTenant();
		long ticketId = newTicketId();
		String key = "retry-" + UUID.randomUUID();
		Map<String, Object> first = postNoteWithKey(tenantId, key, note(ticketId)).expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		// The same request with its fields in another order and other spacing.
		String sameBody = """
				{ "reference": "session-9f1c", "userId": "u-42", "visibility": "INTERNAL",
				  "noteType": "INTERNAL_ANALYSIS", "text": "Session summary", "ticketId": %d }""".formatted(ticketId);
		Map<String, Object> second = postNoteWithKey(tenantId, key, sameBody).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "/v1/tenants/" + tenantId + "/requests/" + first.get("requestId"))
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(second).isEqualTo(first);
		assertThat(count("select count(*) from psa_request where tenant_id = :tenantId", tenantId)).isOne();
		assertThat(count("select count(*) from psa_activity_log where tenant_id = :tenantId and action = 'ACCEPTED'",
				tenantId))
			.isOne();
	}

	@Test
	void refusesAnIdempotencyKeyReusedWithADifferentBody() {
		String tenantId = newTenant();
		String key = "retry-" + UUID.randomUUID();
		postNoteWithKey(tenantId, key, note(newTicketId())).expectStatus().isAccepted();
		postNoteWithKey(tenantId, key, note(newTicketId())).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:idempotency-key-reused")
			.jsonPath("$.status")
			.isEqualTo(422);
		assertThat(count("select count(*) from psa_request where tenant_id = :tenantId", tenantId)).isOne();
	}

	@Test
	void keepsIdempotencyKeysApartPerTenant() {
		String key = "shared-" + UUID.randomUUID();
		long ticketId = newTicketId();
		postNoteWithKey(newTenant(), key, note(ticketId)).expectStatus().isAccepted();
		postNoteWithKey(newTenant(), key, note(ticketId)).expectStatus().isAccepted();
	}

	@Test
	void refusesABodyOverTheSizeLimitWith413() {
		String tenantId = newTenant();
		String huge = "{\"ticketId\": 1, \"text\": \"" + "x".repeat(600 * 1024) + "\"}";
		this.web.post()
			.uri("/v1/tenants/{tenantId}/ticket-notes", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(huge)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(count("select count(*) from psa_request where tenant_id = :tenantId", tenantId)).isZero();
	}

	@Test
	void refusesTextThatPostgresqlCannotStoreWith400() {
		String tenantId = newTenant();
		for (String text : new String[] { "nul \\u0000 inside", "lone \\ud800 surrogate" }) {
			this.web.post()
				.uri("/v1/tenants/{tenantId}/ticket-notes", tenantId)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("""
						{"ticketId": 1, "text": "%s", "noteType": "RESOLUTION", "visibility": "INTERNAL",
						 "userId": "u-1", "reference": "%s"}""".formatted(text, text))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[*].field")
				.value(containsInAnyOrder("text", "reference"));
		}
		assertThat(count("select count(*) from psa_request where tenant_id = :tenantId", tenantId)).isZero();
	}

	private WebTestClient.ResponseSpec postNoteWithKey(String tenantId, String idempotencyKey, Object body) {
		return this.web.post()
			.uri("/v1/tenants/{tenantId}/ticket-notes", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private Message awaitMessage(UUID requestId) {
		Instant deadline = Instant.now().plusSeconds(15);
		while (Instant.now().isBefore(deadline)) {
			Message message = this.rabbit.receive(this.workCopy, 1000);
			if (message != null && requestId.toString()
				.equals(message.getMessageProperties().getHeaders().get(RequestQueue.HEADER_REQUEST_ID))) {
				return message;
			}
		}
		throw new AssertionError("No message for request " + requestId + " on " + RequestQueue.WORK_QUEUE);
	}

	private List<String> activity(UUID requestId) {
		return this.db.sql("select attempt, action, outcome from psa_activity_log where request_id = :id order by id")
			.bind("id", requestId)
			.map((row) -> row.get("attempt", Integer.class) + ":" + row.get("action", String.class) + ":"
					+ row.get("outcome", String.class))
			.all()
			.collectList()
			.block();
	}

	private long count(String sql, String tenantId) {
		return this.db.sql(sql).bind("tenantId", tenantId).map((row) -> row.get(0, Long.class)).one().block();
	}

	private String canonical(JsonNode stored) throws Exception {
		return this.json.writeValueAsString(this.json.treeToValue(stored, TicketNote.class));
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

}
