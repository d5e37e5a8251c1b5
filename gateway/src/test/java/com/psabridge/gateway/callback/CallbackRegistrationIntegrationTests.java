package com.psabridge.gateway.callback;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.core.callback.CallbackTokens;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.gateway.GatewayIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registering a tenant's ticket callback in ConnectWise (contract §5), against the
 * simulator.
 */
class CallbackRegistrationIntegrationTests extends GatewayIntegrationTests {

	private static final String PUBLIC_URL = "https://hooks.psabridge.test";

	@Autowired
	private TenantConnectionRepository connections;

	@Autowired
	private CallbackTokens tokens;

	@Test
	void registersAnOwnerLevelTicketCallbackWhoseUrlEndsInRecordId() {
		String tenantId = connectedTenant();

		Map<String, Object> registered = register(tenantId, null).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		String url = (String) registered.get("callbackUrl");
		assertThat(url).startsWith(PUBLIC_URL + "/v1/callbacks/connectwise/" + tenantId + "/").endsWith("?recordId=");
		List<JsonNode> entries = entries(tenantId);
		assertThat(entries).hasSize(1);
		JsonNode entry = entries.get(0);
		assertThat(entry.get("type").asText()).isEqualTo("ticket");
		assertThat(entry.get("level").asText()).isEqualTo("owner");
		assertThat(entry.get("objectId").asInt()).isZero();
		assertThat(((Number) registered.get("connectwiseCallbackId")).longValue()).isEqualTo(entry.get("id").asLong());
		String token = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
		assertThat(this.tokens.matches(tenantId, token).block()).isTrue();
	}

	@Test
	void registeringAgainIsNotAnErrorAndAddsNothing() {
		String tenantId = connectedTenant();
		Map<String, Object> first = register(tenantId, null).expectBody(JSON_OBJECT).returnResult().getResponseBody();

		Map<String, Object> again = register(tenantId, null).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat(again).isEqualTo(first);
		assertThat(entries(tenantId)).hasSize(1);
	}

	@Test
	void rotatingTheTokenReRegistersAndRemovesTheOldUrl() {
		String tenantId = connectedTenant();
		String oldUrl = (String) register(tenantId, null).expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("callbackUrl");

		String newUrl = (String) register(tenantId, Map.of("rotateToken", true)).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("callbackUrl");

		assertThat(newUrl).isNotEqualTo(oldUrl);
		assertThat(entries(tenantId)).extracting((entry) -> entry.get("url").asText()).containsExactly(newUrl);
	}

	@Test
	void listsTheRegistrationWithoutItsToken() {
		String tenantId = connectedTenant();
		String url = (String) register(tenantId, null).expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("callbackUrl");
		String token = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));

		String listed = this.web.get()
			.uri("/v1/tenants/{tenantId}/callbacks", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(listed).contains("\"level\":\"owner\"").contains(tenantId).doesNotContain(token);
	}

	@Test
	void deletingRemovesTheRegistrationAndRevokesTheToken() {
		String tenantId = connectedTenant();
		register(tenantId, null).expectStatus().isOk();

		this.web.delete()
			.uri("/v1/tenants/{tenantId}/callbacks", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isNoContent();

		assertThat(entries(tenantId)).isEmpty();
		assertThat(this.tokens.exists(tenantId).block()).isFalse();
	}

	@Test
	void aTenantWithoutAConnectionIs404() {
		register(newTenant(), null).expectStatus().isNotFound();
	}

	private String connectedTenant() {
		String tenantId = newTenant();
		String companyId = "c" + ThreadLocalRandom.current().nextInt(1_000_000);
		connectWise.addCompany(companyId, "pub-" + companyId, "priv-" + companyId);
		this.connections
			.save(new TenantConnection(tenantId, connectWise.origin(), companyId, "pub-" + companyId,
					"priv-" + companyId, "v4_6_release", "psabridge", true))
			.block();
		return tenantId;
	}

	private WebTestClient.ResponseSpec register(String tenantId, Object body) {
		WebTestClient.RequestBodySpec request = this.web.post()
			.uri("/v1/tenants/{tenantId}/callbacks", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY);
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	private static List<JsonNode> entries(String tenantId) {
		return connectWise.callbacks()
			.stream()
			.filter((entry) -> entry.get("url").asText().contains("/connectwise/" + tenantId + "/"))
			.toList();
	}

}
