package com.psabridge.webhook.callback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.psabridge.simulator.Fault;
import com.psabridge.webhook.signature.ContentSignature;
import com.psabridge.webhook.testing.CallbackIntegrationTest;
import com.psabridge.webhook.testing.Samples;
import com.psabridge.webhook.testing.TicketEventCollector.Received;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

class CallbackIntakeIntegrationTests extends CallbackIntegrationTest {

	private static final Instant T1 = at("2026-11-22T14:00:00Z");

	private static final Instant T2 = at("2026-11-22T14:05:00Z");

	private static long newTicketId() {
		return 100_000 + (long) (Math.random() * 1_000_000_000L);
	}

	@Test
	void publishesATicketAddedEventWithTheContractPayloadAndHeaders() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		String messageId = UUID.randomUUID().toString();
		post(tenant,
				ticketCallback(tenant, messageId, "added", ticketId, "jdoe",
						ticketEntity(ticketId, "Printer offline", 1, T1)))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("PUBLISHED")
			.jsonPath("$.messageId")
			.isEqualTo(messageId);
		Received event = events.await(tenant.id(), 1).get(0);
		assertThat(event.routingKey()).isEqualTo("ticket.added");
		assertThat(event.deliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		assertThat(event.contentType()).isEqualTo("application/json");
		JsonNode body = event.body();
		assertThat(event.headers()).containsEntry("tenant-id", tenant.id())
			.containsEntry("event-id", body.get("eventId").asText());
		assertThat(body.get("tenantId").asText()).isEqualTo(tenant.id());
		assertThat(body.get("action").asText()).isEqualTo("ADDED");
		assertThat(body.get("ticketId").asLong()).isEqualTo(ticketId);
		assertThat(body.get("occurredAt").asText()).isEqualTo("2026-11-22T14:00:00Z");
		assertThat(Instant.parse(body.get("receivedAt").asText())).isAfter(Instant.now().minusSeconds(60));
		assertThat(body.get("triggeredBy").asText()).isEqualTo("jdoe");
		assertThat(body.get("selfTriggered").asBoolean()).isFalse();
		JsonNode ticket = body.get("ticket");
		assertThat(ticket.get("summary").asText()).isEqualTo("Printer offline");
		assertThat(ticket.get("board").toString()).isEqualTo("{\"id\":1,\"name\":\"Service Board\"}");
		assertThat(ticket.get("company").toString())
			.isEqualTo("{\"id\":250,\"identifier\":\"Acme\",\"name\":\"Acme Corp\"}");
		assertThat(ticket.get("owner").get("identifier").asText()).isEqualTo("jdoe");
		assertThat(ticket.get("subType").get("name").asText()).isEqualTo("Printer");
		assertThat(ticket.get("priority").get("name").asText()).isEqualTo("Priority 3 - Normal Response");
		assertThat(ticket.has("initialDescription")).isTrue();
		List<String> changed = new ArrayList<>();
		body.get("changedFields").forEach((field) -> changed.add(field.asText()));
		assertThat(changed).containsExactly("summary", "board", "status", "type", "subType", "item", "priority",
				"company", "contact", "owner");
		Map<String, Object> row = inboxRow(messageId);
		assertThat(row).containsEntry("outcome", "EVENT").containsEntry("signature", "VERIFIED");
		assertThat(row.get("published_at")).isNotNull();
	}

	@Test
	void readsTheInitialDescriptionOfANewTicketFromItsFirstDescriptionNote() throws Exception {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		simulator.addTicket(ticketId, 1);
		addDescriptionNote(tenant, ticketId, "The printer on floor 2 shows error 79.");
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "added", ticketId, "jdoe",
				ticketEntity(ticketId, "Printer offline", 1, T1)))
			.expectStatus()
			.isOk();
		JsonNode ticket = events.await(tenant.id(), 1).get(0).body().get("ticket");
		assertThat(ticket.get("initialDescription").asText()).isEqualTo("The printer on floor 2 shows error 79.");
		// Later updates carry it on without asking ConnectWise again.
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "jdoe",
				ticketEntity(ticketId, "Printer offline", 2, T2)))
			.expectStatus()
			.isOk();
		JsonNode update = events.await(tenant.id(), 2).get(1).body();
		assertThat(update.get("ticket").get("initialDescription").asText())
			.isEqualTo("The printer on floor 2 shows error 79.");
		assertThat(update.get("changedFields").toString()).isEqualTo("[\"status\"]");
	}

	@Test
	void storesTheRecordedContactCallbacksAndEmitsNoTicketEvent() {
		Tenant tenant = newTenant(false);
		for (String sample : List.of("callback-contact-added.json", "callback-contact-updated.json",
				"callback-contact-deleted.json")) {
			String messageId = Samples.read(sample).get("body").get("MessageId").asText();
			// The samples' MessageIds are fixed: forget an earlier run's rows.
			this.db.sql("delete from psa_callback_inbox where message_id = :id")
				.bind("id", messageId)
				.then()
				.block(Duration.ofSeconds(5));
			byte[] body = Samples.callbackBody(sample);
			post(tenant, body, null).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("STORED");
			Map<String, Object> row = inboxRow(messageId);
			assertThat(row).containsEntry("tenant_id", tenant.id())
				.containsEntry("type", "contact")
				.containsEntry("outcome", "STORED")
				.containsEntry("signature", "NOT_REQUIRED")
				.containsEntry("raw_length", body.length);
			assertThat(row.get("event_id")).isNull();
		}
		events.assertStaysAt(tenant.id(), 0);
	}

	@Test
	void verifiesASignedContactCallbackInTheRecordedFormat() {
		Tenant tenant = newTenant(true);
		ObjectNode body = (ObjectNode) Samples.read("callback-contact-added.json").get("body").deepCopy();
		String messageId = UUID.randomUUID().toString();
		body.put("MessageId", messageId);
		body.put("CompanyId", tenant.companyId());
		((ObjectNode) body.get("Metadata")).put("key_url",
				body.get("Metadata")
					.get("key_url")
					.asText()
					.replace("{{testServerURL}}", site.baseUrl())
					.replace("companyName=myCompany", "companyName=" + tenant.companyId()));
		byte[] bytes = bytes(body);
		post(tenant, bytes).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("STORED");
		assertThat(inboxRow(messageId)).containsEntry("signature", "VERIFIED");
	}

	@Test
	void refusesAWrongTokenAndStoresNothing() {
		Tenant tenant = newTenant(true);
		String messageId = UUID.randomUUID().toString();
		byte[] body = ticketCallback(tenant, messageId, "added", newTicketId(), "jdoe", null);
		this.web.post()
			.uri("/v1/callbacks/connectwise/" + tenant.id() + "/wrong-token?recordId=1")
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-content-signature", ContentSignature.sign(SIGNING_KEY, body))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
		this.web.post()
			.uri("/v1/callbacks/connectwise/unknown-tenant/" + tenant.token())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(inboxRow(messageId)).isNull();
	}

	@Test
	void acceptsThePreviousTokenOnlyDuringTheRotationGrace() {
		Tenant tenant = newTenant(false);
		String fresh = this.tokens.rotate(tenant.id(), Duration.ofMinutes(5)).block();
		Tenant rotated = new Tenant(tenant.id(), fresh, tenant.companyId());
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "deleted", newTicketId(), "jdoe", null))
			.expectStatus()
			.isOk();
		post(rotated, ticketCallback(tenant, UUID.randomUUID().toString(), "deleted", newTicketId(), "jdoe", null))
			.expectStatus()
			.isOk();
		this.tokens.rotate(tenant.id(), Duration.ZERO).block();
		// Remembered for the tenant cache's TTL (1 s here), refused after it.
		Awaitility.await()
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> post(rotated,
					ticketCallback(tenant, UUID.randomUUID().toString(), "deleted", newTicketId(), "jdoe", null))
				.expectStatus()
				.isUnauthorized());
	}

	@Test
	void refusesAMissingWrongOrUnprehashedSignature() {
		Tenant tenant = newTenant(true);
		String messageId = UUID.randomUUID().toString();
		byte[] body = ticketCallback(tenant, messageId, "added", newTicketId(), "jdoe", null);
		String unprehashed = Base64.getEncoder()
			.encodeToString(hmac(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), body));
		for (String signature : new String[] { null, "", "bm90IGl0", unprehashed,
				ContentSignature.sign("another-key", body), ContentSignature.sign(SIGNING_KEY, bytes("{}")) }) {
			post(tenant, body, signature).expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(inboxRow(messageId)).isNull();
		events.assertStaysAt(tenant.id(), 0);
	}

	@Test
	void refusesAKeyUrlOnAForeignHostWithoutFetchingIt() {
		Tenant tenant = newTenant(true);
		foreign.resetRequests();
		long ticketId = newTicketId();
		String messageId = UUID.randomUUID().toString();
		for (String keyUrl : List.of(foreign.baseUrl() + "/v2025_1//system/callbackkey/index.rails?id=1",
				"http://localhost:" + foreign.port() + "/v2025_1//system/callbackkey/index.rails?id=1",
				"https://127.0.0.1:" + foreign.port() + "/system/callbackkey/index.rails")) {
			byte[] body = callback(tenant, messageId, "ticket", "added", ticketId, "jdoe",
					ticketEntity(ticketId, "Forged", 1, T1), keyUrl);
			// Signed with the key the foreign host would hand out.
			post(tenant, body).expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("urn:psa-bridge:problem:signature-rejected");
		}
		assertThat(foreign.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(inboxRow(messageId)).isNull();
	}

	@Test
	void refusesAKeyUrlThatNamesAnotherCompany() {
		Tenant tenant = newTenant(true);
		String keyUrl = site.baseUrl() + "/v2025_1//system/callbackkey/index.rails?companyName=someone-else&id=1";
		long ticketId = newTicketId();
		post(tenant, callback(tenant, UUID.randomUUID().toString(), "ticket", "added", ticketId, "jdoe",
				ticketEntity(ticketId, "x", 1, T1), keyUrl))
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void fetchesASigningKeyOnceAndUsesItFromTheCache() {
		Tenant tenant = newTenant(true);
		String keyUrl = keyUrl(tenant);
		for (int i = 0; i < 3; i++) {
			long ticketId = newTicketId();
			post(tenant, callback(tenant, UUID.randomUUID().toString(), "ticket", "added", ticketId, "jdoe",
					ticketEntity(ticketId, "cached", 1, T1), keyUrl))
				.expectStatus()
				.isOk();
		}
		assertThat(site.findAll(getRequestedFor(urlPathMatching(".*/system/callbackkey/index\\.rails")))
			.stream()
			.filter((request) -> request.getUrl().contains(tenant.companyId()))).hasSize(1);
	}

	@Test
	void acceptsUnsignedCallbacksWhenTheTenantDoesNotRequireSignatures() {
		Tenant tenant = newTenant(false);
		long ticketId = newTicketId();
		String messageId = UUID.randomUUID().toString();
		post(tenant, ticketCallback(tenant, messageId, "added", ticketId, "jdoe", ticketEntity(ticketId, "s", 1, T1)),
				null)
			.expectStatus()
			.isOk();
		assertThat(inboxRow(messageId)).containsEntry("signature", "NOT_REQUIRED");
		events.await(tenant.id(), 1);
	}

	@Test
	void acknowledgesADuplicateMessageIdAndEmitsOneEvent() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		String messageId = UUID.randomUUID().toString();
		byte[] body = ticketCallback(tenant, messageId, "updated", ticketId, "jdoe",
				ticketEntity(ticketId, "Once", 1, T1));
		post(tenant, body).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("PUBLISHED");
		post(tenant, body).expectStatus().isOk().expectBody().jsonPath("$.outcome").isEqualTo("DUPLICATE");
		// ConnectWise retrying while the first delivery is still being answered.
		String concurrent = UUID.randomUUID().toString();
		byte[] again = ticketCallback(tenant, concurrent, "updated", ticketId, "jdoe",
				ticketEntity(ticketId, "Once", 2, T2));
		List<Integer> statuses = Flux.range(0, 8)
			.flatMap(
					(i) -> client().post()
						.uri(tenant.path())
						.contentType(MediaType.APPLICATION_JSON)
						.header("x-content-signature", ContentSignature.sign(SIGNING_KEY, again))
						.bodyValue(again)
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					8)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).hasSize(8).containsOnly(200);
		events.await(tenant.id(), 2);
		events.assertStaysAt(tenant.id(), 2);
	}

	@Test
	void emitsNothingForAnUpdateOlderThanTheLastOneSeen() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "jdoe",
				ticketEntity(ticketId, "Newer", 17, T2)))
			.expectStatus()
			.isOk();
		String late = UUID.randomUUID().toString();
		post(tenant, ticketCallback(tenant, late, "updated", ticketId, "jdoe", ticketEntity(ticketId, "Older", 1, T1)))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("STALE");
		assertThat(inboxRow(late)).containsEntry("outcome", "STALE");
		assertThat((String) inboxRow(late).get("note")).contains("out of order");
		events.await(tenant.id(), 1);
		events.assertStaysAt(tenant.id(), 1);
		assertThat(events.forTenant(tenant.id()).get(0).body().get("ticket").get("summary").asText())
			.isEqualTo("Newer");
	}

	@Test
	void keepsTheNewestStateWhenUpdatesOfOneTicketArriveTogetherInAnyOrder() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			order.add(i);
		}
		java.util.Collections.shuffle(order, new java.util.Random(7));
		List<String> outcomes = Flux.fromIterable(order).flatMap((minute) -> {
			byte[] body = ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "jdoe",
					ticketEntity(ticketId, "Minute " + minute, minute + 1, T1.plusSeconds(60L * minute)));
			return client().post()
				.uri(tenant.path())
				.contentType(MediaType.APPLICATION_JSON)
				.header("x-content-signature", ContentSignature.sign(SIGNING_KEY, body))
				.bodyValue(body)
				.retrieve()
				.bodyToMono(JsonNode.class)
				.map((answer) -> answer.get("outcome").asText());
		}, 20).collectList().block(Duration.ofSeconds(30));
		assertThat(outcomes).hasSize(20).allMatch((outcome) -> outcome.equals("PUBLISHED") || outcome.equals("STALE"));
		long published = outcomes.stream().filter("PUBLISHED"::equals).count();
		List<Received> emitted = events.await(tenant.id(), (int) published);
		events.assertStaysAt(tenant.id(), (int) published);
		assertThat(emitted).anySatisfy(
				(event) -> assertThat(event.body().get("ticket").get("summary").asText()).isEqualTo("Minute 19"));
		String stored = this.db.sql("""
				select snapshot->>'summary' as summary from psa_ticket_snapshot
				where tenant_id = :tenantId and ticket_id = :ticketId""")
			.bind("tenantId", tenant.id())
			.bind("ticketId", ticketId)
			.map((row) -> row.get("summary", String.class))
			.one()
			.block(Duration.ofSeconds(5));
		assertThat(stored).isEqualTo("Minute 19");
	}

	@Test
	void listsTheChangedFieldsAgainstTheLastStateSeen() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "added", ticketId, "jdoe",
				ticketEntity(ticketId, "Printer offline", 1, T1)))
			.expectStatus()
			.isOk();
		ObjectNode changed = ticketEntity(ticketId, "Printer offline on floor 2", 17, T2);
		((ObjectNode) changed.get("owner")).put("id", 152).put("identifier", "asmith").put("name", "Ann Smith");
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "asmith", changed))
			.expectStatus()
			.isOk();
		JsonNode update = events.await(tenant.id(), 2).get(1).body();
		assertThat(update.get("action").asText()).isEqualTo("UPDATED");
		assertThat(update.get("changedFields").toString()).isEqualTo("[\"summary\",\"status\",\"owner\"]");
		assertThat(update.get("occurredAt").asText()).isEqualTo("2026-11-22T14:05:00Z");
	}

	@Test
	void emitsADeletedEventWithTheLastStateSeenAndNothingAfterIt() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "added", ticketId, "jdoe",
				ticketEntity(ticketId, "To be deleted", 1, T1)))
			.expectStatus()
			.isOk();
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "deleted", ticketId, "jdoe", null))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("PUBLISHED");
		Received deleted = events.await(tenant.id(), 2).get(1);
		assertThat(deleted.routingKey()).isEqualTo("ticket.deleted");
		assertThat(deleted.body().get("action").asText()).isEqualTo("DELETED");
		assertThat(deleted.body().get("ticket").get("summary").asText()).isEqualTo("To be deleted");
		assertThat(deleted.body().get("changedFields")).isEmpty();
		post(tenant,
				ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "jdoe",
						ticketEntity(ticketId, "Zombie", 1, T2)))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("STALE");
		events.assertStaysAt(tenant.id(), 2);
	}

	@Test
	void emitsADeletedEventWithANullTicketForATicketNeverSeen() {
		Tenant tenant = newTenant(true);
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "deleted", newTicketId(), "jdoe", null))
			.expectStatus()
			.isOk();
		JsonNode body = events.await(tenant.id(), 1).get(0).body();
		assertThat(body.get("action").asText()).isEqualTo("DELETED");
		assertThat(body.get("ticket").isNull()).isTrue();
	}

	@Test
	void readsThePartialTicketFromConnectWiseBeforeEmitting() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		simulator.addTicket(ticketId, 1);
		ObjectNode partial = this.json.createObjectNode();
		partial.put("id", ticketId);
		partial.putObject("_info").put("lastUpdated", T1.toString());
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "jdoe", partial))
			.expectStatus()
			.isOk();
		JsonNode ticket = events.await(tenant.id(), 1).get(0).body().get("ticket");
		assertThat(ticket.get("summary").asText()).isEqualTo("Simulated ticket " + ticketId);
		assertThat(ticket.get("board").get("id").asLong()).isEqualTo(1);
		assertThat(ticket.get("status").isObject()).isTrue();
		assertThat(simulator.calls())
			.anySatisfy((call) -> assertThat(call.path()).endsWith("/apis/3.0/service/tickets/" + ticketId));
	}

	@Test
	void emitsWhatTheCallbackHadWhenTheTicketCannotBeRead() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		simulator.inject(Fault.on("GET", ".*/service/tickets/" + ticketId).times(1).serverTimeout());
		ObjectNode partial = this.json.createObjectNode();
		partial.put("id", ticketId);
		partial.put("summary", "Only the summary");
		partial.putObject("_info").put("lastUpdated", T1.toString());
		String messageId = UUID.randomUUID().toString();
		post(tenant, ticketCallback(tenant, messageId, "updated", ticketId, "jdoe", partial)).expectStatus().isOk();
		JsonNode ticket = events.await(tenant.id(), 1).get(0).body().get("ticket");
		assertThat(ticket.get("summary").asText()).isEqualTo("Only the summary");
		assertThat(ticket.get("board").isNull()).isTrue();
		assertThat((String) inboxRow(messageId).get("note")).contains("Ticket read from ConnectWise failed")
			.contains("HTTP 500");
	}

	@Test
	void marksChangesMadeByTheTenantsApiMemberAsSelfTriggered() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		post(tenant, ticketCallback(tenant, UUID.randomUUID().toString(), "updated", ticketId, "apimember",
				ticketEntity(ticketId, "Our own note", 1, T1)))
			.expectStatus()
			.isOk();
		JsonNode body = events.await(tenant.id(), 1).get(0).body();
		assertThat(body.get("selfTriggered").asBoolean()).isTrue();
		assertThat(body.get("triggeredBy").asText()).isEqualTo("apimember");
	}

	@Test
	void storesTicketCallbacksWithAnUnknownActionWithoutAnEvent() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		String messageId = UUID.randomUUID().toString();
		post(tenant, ticketCallback(tenant, messageId, "merged", ticketId, "jdoe", ticketEntity(ticketId, "m", 1, T1)))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("IGNORED");
		assertThat(inboxRow(messageId)).containsEntry("outcome", "IGNORED");
	}

	@Test
	void acceptsTheRecordIdConnectWiseAppendsAsAnyQueryString() {
		Tenant tenant = newTenant(true);
		long ticketId = newTicketId();
		byte[] body = ticketCallback(tenant, UUID.randomUUID().toString(), "added", ticketId, "jdoe",
				ticketEntity(ticketId, "q", 1, T1));
		this.web.post()
			.uri(tenant.path() + "?recordId=" + ticketId + "&other=x%20y")
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-content-signature", ContentSignature.sign(SIGNING_KEY, body))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void refusesABodyOverTheSizeLimitWith413() {
		Tenant tenant = newTenant(true);
		byte[] huge = new byte[300 * 1024];
		java.util.Arrays.fill(huge, (byte) ' ');
		post(tenant, huge).expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesABodyThatIsNotACallbackEnvelopeWith400() {
		Tenant tenant = newTenant(true);
		post(tenant, bytes("{\"hello\": \"world\"}")).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:not-a-callback")
			.jsonPath("$.detail")
			.isEqualTo("MessageId is missing or empty.");
	}

	@Test
	void countsCallbacksByOutcomeForPrometheus() {
		Tenant tenant = newTenant(true);
		post(tenant, bytes("[]")).expectStatus().isBadRequest();
		this.web.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((text) -> assertThat(text).contains("psa_callbacks_received_total{")
				.contains("outcome=\"not_a_callback\""));
	}

	private void addDescriptionNote(Tenant tenant, long ticketId, String text) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString(
					(tenant.companyId() + "+" + tenant.companyId() + "-public:" + tenant.companyId() + "-private")
						.getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(simulator.origin() + "/v2025_1/apis/3.0/service/tickets/" + ticketId + "/notes"))
			.header("Authorization", "Basic " + credentials)
			.header("clientId", "test")
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json
				.writeValueAsString(Map.of("text", text, "detailDescriptionFlag", true, "internalFlag", false))))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);
	}

	private byte[] bytes(Object value) {
		try {
			return (value instanceof String text) ? text.getBytes(StandardCharsets.UTF_8)
					: this.json.writeValueAsBytes(value);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static byte[] hmac(byte[] key, byte[] body) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
