package com.psabridge.gateway.apikey;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.psabridge.gateway.GatewayIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

class ApiKeyIntegrationTests extends GatewayIntegrationTests {

	@Test
	void issuesAKeyThatIsShownOnceStoredHashedAndUsable() {
		String tenantId = newTenant();
		Map<String, Object> issued = issue(ADMIN_KEY,
				Map.of("name", "resolutionflow-backend", "tenants", List.of(tenantId), "roles", List.of("enqueue")))
			.expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(issued).containsOnlyKeys("id", "key");
		String key = (String) issued.get("key");
		assertThat(key).matches("[A-Za-z0-9_-]{43}");
		Map<String, Object> row = this.db.sql("select * from psa_api_key where id = :id")
			.bind("id", UUID.fromString((String) issued.get("id")))
			.fetch()
			.one()
			.block();
		assertThat(row.get("key_hash")).isEqualTo(ApiKeyRepository.hash(key));
		assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(key));

		postNote(key, tenantId, note(newTicketId())).expectStatus().isAccepted();
	}

	@Test
	void listsEveryBadFieldOfAKeyToIssue() {
		issue(ADMIN_KEY, Map.of("name", " ", "tenants", List.of(), "roles", List.of("enqueue", "write"))).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(containsInAnyOrder("name", "tenants", "roles[1]"));
	}

	@Test
	void refusesACallWithoutAKeyWith401() {
		this.web.get()
			.uri("/v1/tenants/{tenantId}/requests/{id}", newTenant(), UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:unauthorized");
	}

	@Test
	void refusesAnUnknownKeyWith401() {
		postNote("not-a-key-we-issued", newTenant(), note(newTicketId())).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The API key is unknown or revoked.");
	}

	@Test
	void refusesARevokedKeyWith401() {
		String tenantId = newTenant();
		Map<String, Object> issued = issue(ADMIN_KEY,
				Map.of("name", "short-lived", "tenants", List.of(tenantId), "roles", List.of("enqueue")))
			.expectStatus()
			.isCreated()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		String key = (String) issued.get("key");
		postNote(key, tenantId, note(newTicketId())).expectStatus().isAccepted();

		revoke(ADMIN_KEY, (String) issued.get("id")).expectStatus().isNoContent();

		postNote(key, tenantId, note(newTicketId())).expectStatus().isUnauthorized();
		assertThat(this.db.sql("select revoked_at from psa_api_key where id = :id")
			.bind("id", UUID.fromString((String) issued.get("id")))
			.map((row) -> row.get(0))
			.one()
			.block()).isNotNull();
	}

	@Test
	void answers404WhenRevokingAnUnknownKey() {
		revoke(ADMIN_KEY, UUID.randomUUID().toString()).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesAKeyWithoutTheRoleWith403() {
		String tenantId = newTenant();
		String reader = issueKey(List.of(tenantId), List.of("read"));
		postNote(reader, tenantId, note(newTicketId())).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:forbidden");
		this.web.get()
			.uri("/v1/tenants/{tenantId}/connection", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + reader)
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void refusesAKeyForAnotherTenantWith403() {
		String enqueuer = issueKey(List.of(newTenant()), List.of("enqueue", "read", "admin"));
		postNote(enqueuer, newTenant(), note(newTicketId())).expectStatus().isForbidden();
	}

	@Test
	void letsOnlyAnAdminOfEveryTenantManageKeys() {
		String tenantAdmin = issueKey(List.of(newTenant()), List.of("admin"));
		issue(tenantAdmin, Map.of("name", "escalation", "tenants", List.of("*"), "roles", List.of("admin")))
			.expectStatus()
			.isForbidden();
		String globalAdmin = issueKey(List.of("*"), List.of("admin"));
		issue(globalAdmin, Map.of("name", "delegated", "tenants", List.of(newTenant()), "roles", List.of("read")))
			.expectStatus()
			.isCreated();
	}

	@Test
	void letsAKeyForEveryTenantActOnAnyTenant() {
		String anyTenant = issueKey(List.of("*"), List.of("enqueue"));
		postNote(anyTenant, newTenant(), note(newTicketId())).expectStatus().isAccepted();
	}

	private WebTestClient.ResponseSpec issue(String key, Object body) {
		return this.web.post()
			.uri("/v1/api-keys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec revoke(String key, String id) {
		return this.web.delete()
			.uri("/v1/api-keys/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange();
	}

}
