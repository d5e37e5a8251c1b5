package com.psabridge.gateway.request;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.psabridge.gateway.GatewayIntegrationTests;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay of dead letters (contract §1 "Operate").
 */
class ReplayIntegrationTests extends GatewayIntegrationTests {

	@Test
	void replaysADeadLetterWithAFreshBudgetAndLogsWhoAskedForIt() {
		String tenantId = newTenant();
		UUID id = store(tenantId, "DEAD_LETTERED", "NotFound");

		String location = replay(tenantId, id, null).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(id.toString())
			.returnResult()
			.getResponseHeaders()
			.getFirst(HttpHeaders.LOCATION);

		assertThat(location).isEqualTo("/v1/tenants/" + tenantId + "/requests/" + id);
		Map<String, Object> row = requestRow(id);
		assertThat(row.get("status")).isEqualTo("QUEUED");
		assertThat(row.get("retry_count")).isEqualTo(0);
		assertThat(row.get("last_error")).isNull();
		assertThat(activity(id)).containsExactly("REPLAYED:QUEUED:PSA_ADMIN_API_KEY");
	}

	@Test
	void onlyDeadLettersCanBeReplayed() {
		String tenantId = newTenant();
		UUID id = store(tenantId, "SUCCEEDED", null);
		replay(tenantId, id, null).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("SUCCEEDED"));
		assertThat(requestRow(id).get("status")).isEqualTo("SUCCEEDED");
	}

	@Test
	void replayOfAnotherTenantsOrAnUnknownRequestIs404() {
		String tenantId = newTenant();
		UUID other = store(newTenant(), "DEAD_LETTERED", "NotFound");
		replay(tenantId, other, null).expectStatus().isNotFound();
		replay(tenantId, UUID.randomUUID(), null).expectStatus().isNotFound();
		assertThat(requestRow(other).get("status")).isEqualTo("DEAD_LETTERED");
	}

	@Test
	void editedReplayIsANewRequestThatNamesTheOriginal() {
		String tenantId = newTenant();
		UUID original = store(tenantId, "DEAD_LETTERED", "MemberNotMapped");

		String replayed = replay(tenantId, original, Map.of("changes", Map.of("userId", "u-7", "statusId", 17)))
			.expectStatus()
			.isAccepted()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("requestId")
			.toString();

		UUID id = UUID.fromString(replayed);
		assertThat(id).isNotEqualTo(original);
		Map<String, Object> row = requestRow(id);
		assertThat(row.get("status")).isEqualTo("QUEUED");
		assertThat(row.get("replay_of")).isEqualTo(original);
		assertThat(row.get("payload").toString()).contains("\"userId\": \"u-7\"").contains("\"statusId\": 17");
		assertThat(requestRow(original).get("status")).isEqualTo("DEAD_LETTERED");
		assertThat(activity(original)).containsExactly("REPLAYED_AS:DEAD_LETTERED:PSA_ADMIN_API_KEY");
	}

	@Test
	void editedReplayIsValidatedLikeANewRequest() {
		String tenantId = newTenant();
		UUID original = store(tenantId, "DEAD_LETTERED", "NotFound");
		replay(tenantId, original, Map.of("changes", Map.of("noteType", "SOMETIMES", "statusId", "x"))).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat((List<Object>) fields).contains("noteType", "statusId"));
	}

	@Test
	void bulkReplayRequeuesOnlyTheMatchingDeadLetters() {
		String tenantId = newTenant();
		UUID first = store(tenantId, "DEAD_LETTERED", "NotFound");
		UUID second = store(tenantId, "DEAD_LETTERED", "NotFound");
		UUID otherCode = store(tenantId, "DEAD_LETTERED", "Security");
		UUID done = store(tenantId, "SUCCEEDED", null);

		this.web.post()
			.uri("/v1/tenants/{tenantId}/requests/replay", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("kind", "TICKET_NOTE", "errorCode", "NotFound"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.requeued")
			.isEqualTo(2);

		assertThat(requestRow(first).get("status")).isEqualTo("QUEUED");
		assertThat(requestRow(second).get("status")).isEqualTo("QUEUED");
		assertThat(requestRow(otherCode).get("status")).isEqualTo("DEAD_LETTERED");
		assertThat(requestRow(done).get("status")).isEqualTo("SUCCEEDED");
	}

	@Test
	void bulkReplayFilterIsValidated() {
		this.web.post()
			.uri("/v1/tenants/{tenantId}/requests/replay", newTenant())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("kind", "FAX", "from", "yesterday"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat((List<Object>) fields).contains("kind", "from"));
	}

	@Test
	void replayNeedsTheAdminRole() {
		String tenantId = newTenant();
		UUID id = store(tenantId, "DEAD_LETTERED", "NotFound");
		String key = issueKey(List.of(tenantId), List.of("enqueue", "read"));
		this.web.post()
			.uri("/v1/tenants/{tenantId}/requests/{id}/replay", tenantId, id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(requestRow(id).get("status")).isEqualTo("DEAD_LETTERED");
	}

	private WebTestClient.ResponseSpec replay(String tenantId, UUID id, Object body) {
		WebTestClient.RequestBodySpec request = this.web.post()
			.uri("/v1/tenants/{tenantId}/requests/{id}/replay", tenantId, id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY);
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	/** A request as the worker leaves it, with a valid ticket-note payload. */
	private UUID store(String tenantId, String status, String errorCode) {
		UUID id = UUID.randomUUID();
		long ticketId = newTicketId();
		String payload = "{\"ticketId\":" + ticketId + ",\"text\":\"Session summary\",\"noteType\":\"RESOLUTION\","
				+ "\"visibility\":\"INTERNAL\",\"userId\":\"u-42\"}";
		String lastError = (errorCode != null) ? "{\"httpStatus\":400,\"code\":\"" + errorCode + "\",\"message\":\"x\"}"
				: "null";
		this.db
			.sql("""
					insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, status, retry_count,
					    last_error)
					values (:id, :tenantId, 'TICKET_NOTE', :ticketId, 'test', :payload, :status, 3, cast(:lastError as jsonb))""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("ticketId", ticketId)
			.bind("payload", Json.of(payload))
			.bind("status", status)
			.bind("lastError", lastError)
			.then()
			.block();
		return id;
	}

	private List<String> activity(UUID id) {
		return this.db.sql("select action, outcome, actor from psa_activity_log where request_id = :id order by id")
			.bind("id", id)
			.map((row) -> row.get("action", String.class) + ":" + row.get("outcome", String.class) + ":"
					+ row.get("actor", String.class))
			.all()
			.collectList()
			.block();
	}

}
