package com.psabridge.gateway.request;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.psabridge.gateway.GatewayIntegrationTests;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

/**
 * Reading requests. The rows are written here as the gateway and psa-worker leave them,
 * without a message, so that a worker running on the same broker leaves them alone.
 */
class RequestReadIntegrationTests extends GatewayIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-11-22T14:00:00Z");

	@Test
	void showsARequestWithItsLastErrorAndEveryAttemptInOrder() {
		String tenantId = newTenant();
		long ticketId = newTicketId();
		UUID requestId = store(tenantId, ticketId, "RETRY_SCHEDULED", T0, "session-9f1c");
		this.db.sql("""
				update psa_request set retry_count = 1, next_retry_at = '2026-11-22T14:05:12Z', last_error = :lastError
				where id = :id""")
			.bind("lastError", Json.of("""
					{"httpStatus": 503, "code": "Http503", "message": "Service Unavailable"}"""))
			.bind("id", requestId)
			.then()
			.block();
		this.db
			.sql("""
					insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, http_status, duration_ms,
					    error_code, error_message)
					values (:id, :tenantId, 0, 'ACCEPTED', 'QUEUED', null, null, null, null),
					       (:id, :tenantId, 1, 'POST_NOTE', 'TRANSIENT_FAILURE', 503, 812, 'Http503', 'Service Unavailable'),
					       (:id, :tenantId, 1, 'STATE_CHANGE', 'RETRY_SCHEDULED', null, null, 'Http503', 'Service Unavailable')""")
			.bind("id", requestId)
			.bind("tenantId", tenantId)
			.then()
			.block();

		get(ADMIN_KEY, tenantId, requestId.toString()).expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"requestId": "%s", "kind": "TICKET_NOTE", "ticketId": %d, "status": "RETRY_SCHEDULED",
					 "retryCount": 1, "nextRetryAt": "2026-11-22T14:05:12Z",
					 "lastError": {"httpStatus": 503, "code": "Http503", "message": "Service Unavailable"},
					 "connectwiseId": null, "reference": "session-9f1c", "createdAt": "2026-11-22T14:00:00Z",
					 "attempts": [
					   {"attempt": 0, "action": "ACCEPTED", "outcome": "QUEUED", "httpStatus": null, "error": null},
					   {"attempt": 1, "action": "POST_NOTE", "outcome": "TRANSIENT_FAILURE", "httpStatus": 503,
					    "durationMs": 812, "error": "Http503: Service Unavailable"},
					   {"attempt": 1, "action": "STATE_CHANGE", "outcome": "RETRY_SCHEDULED"}]}""".formatted(requestId,
					ticketId))
			.jsonPath("$.updatedAt")
			.isNotEmpty()
			.jsonPath("$.attempts[0].at")
			.isNotEmpty();
	}

	@Test
	void showsARequestAcceptedThroughTheApi() {
		String tenantId = newTenant();
		Map<String, Object> answer = postNote(ADMIN_KEY, tenantId, note(newTicketId())).expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		get(ADMIN_KEY, tenantId, (String) answer.get("requestId")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(answer.get("requestId"))
			.jsonPath("$.attempts[0].action")
			.isEqualTo("ACCEPTED");
	}

	@Test
	void letsAReadOnlyKeyReadItsTenantsRequests() {
		String tenantId = newTenant();
		UUID requestId = store(tenantId, newTicketId(), "SUCCEEDED", T0, null);
		String reader = issueKey(List.of(tenantId), List.of("read"));
		get(reader, tenantId, requestId.toString()).expectStatus().isOk();
	}

	@Test
	void answers404ForAnotherTenantsRequest() {
		UUID requestId = store(newTenant(), newTicketId(), "SUCCEEDED", T0, null);
		get(ADMIN_KEY, newTenant(), requestId.toString()).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void answers404ForAnUnknownRequest() {
		get(ADMIN_KEY, newTenant(), UUID.randomUUID().toString()).expectStatus().isNotFound();
	}

	@Test
	@SuppressWarnings("unchecked")
	void pagesThroughATenantsHistoryNewestFirst() {
		String tenantId = newTenant();
		UUID first = store(tenantId, newTicketId(), "SUCCEEDED", T0, null);
		UUID second = store(tenantId, newTicketId(), "DEAD_LETTERED", T0.plusSeconds(1), null);
		UUID third = store(tenantId, newTicketId(), "SUCCEEDED", T0.plusSeconds(2), null);
		store(newTenant(), newTicketId(), "SUCCEEDED", T0.plusSeconds(3), null);

		Map<String, Object> page = history(tenantId, "limit=2");
		assertThat(ids(page)).containsExactly(third.toString(), second.toString());
		assertThat((List<Map<String, Object>>) page.get("items"))
			.allSatisfy((item) -> assertThat(item).containsEntry("kind", "TICKET_NOTE").doesNotContainKey("attempts"));
		assertThat(page.get("nextCursor")).isNotNull();

		Map<String, Object> last = history(tenantId, "limit=2&cursor=" + page.get("nextCursor"));
		assertThat(ids(last)).containsExactly(first.toString());
		assertThat(last.get("nextCursor")).isNull();
	}

	@Test
	void filtersTheHistoryByTicketStatusAndReference() {
		String tenantId = newTenant();
		long ticketId = newTicketId();
		UUID succeeded = store(tenantId, ticketId, "SUCCEEDED", T0, "session-1");
		UUID deadLettered = store(tenantId, ticketId, "DEAD_LETTERED", T0.plusSeconds(1), "session-2");
		store(tenantId, newTicketId(), "SUCCEEDED", T0.plusSeconds(2), "session-1");

		assertThat(ids(history(tenantId, "ticketId=" + ticketId))).containsExactly(deadLettered.toString(),
				succeeded.toString());
		assertThat(ids(history(tenantId, "ticketId=" + ticketId + "&status=SUCCEEDED")))
			.containsExactly(succeeded.toString());
		assertThat(ids(history(tenantId, "reference=session-2"))).containsExactly(deadLettered.toString());
		assertThat(ids(history(tenantId, "status=QUEUED"))).isEmpty();
	}

	@Test
	void listsEveryBadHistoryParameter() {
		this.web.get()
			.uri("/v1/tenants/{tenantId}/requests?status=DONE&ticketId=x&limit=500&cursor=nonsense", newTenant())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(containsInAnyOrder("status", "ticketId", "limit", "cursor"));
	}

	/** A ticket note request as the gateway stores it, in the given state. */
	private UUID store(String tenantId, long ticketId, String status, Instant createdAt, String reference) {
		UUID id = UUID.randomUUID();
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, reference, status,
				    created_at, updated_at)
				values (:id, :tenantId, 'TICKET_NOTE', :ticketId, 'test', :payload, :reference, :status, :createdAt,
				    :createdAt)""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("ticketId", ticketId)
			.bind("payload", Json.of("{\"ticketId\": " + ticketId + "}"))
			.bind("status", status)
			.bind("createdAt", createdAt);
		spec = (reference != null) ? spec.bind("reference", reference) : spec.bindNull("reference", String.class);
		spec.then().block();
		return id;
	}

	private Map<String, Object> history(String tenantId, String query) {
		return this.web.get()
			.uri("/v1/tenants/" + tenantId + "/requests?" + query)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Map<String, Object> page) {
		return ((List<Map<String, Object>>) page.get("items")).stream()
			.map((item) -> (String) item.get("requestId"))
			.toList();
	}

	private WebTestClient.ResponseSpec get(String key, String tenantId, String requestId) {
		return this.web.get()
			.uri("/v1/tenants/{tenantId}/requests/{requestId}", tenantId, requestId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange();
	}

}
