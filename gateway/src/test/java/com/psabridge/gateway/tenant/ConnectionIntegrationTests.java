package com.psabridge.gateway.tenant;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.psabridge.core.tenant.TenantPauses;
import com.psabridge.gateway.GatewayIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionIntegrationTests extends GatewayIntegrationTests {

	@Autowired
	private TenantPauses pauses;

	@Test
	void storesAConnectionThatConnectWiseAcceptsWithTheKeyEncrypted() {
		String tenantId = newTenant();
		Map<String, Object> connection = simulatorCompany();
		String privateKey = (String) connection.get("privateKey");
		String publicKey = (String) connection.get("publicKey");

		String answer = put(tenantId, connection).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer).contains("\"serverVersion\":\"v2025.1.12345\"")
			.contains("\"site\":\"" + connectWise.origin() + "\"")
			.doesNotContain(privateKey)
			.doesNotContain(publicKey);

		byte[] sealed = this.db.sql("select private_key_encrypted from psa_tenant_connection where tenant_id = :t")
			.bind("t", tenantId)
			.map((row) -> row.get(0, byte[].class))
			.one()
			.block();
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(privateKey);

		String stored = get(tenantId).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(stored).contains("\"companyId\":\"" + connection.get("companyId") + "\"")
			.contains("\"publicKeyEnding\":\"" + publicKey.substring(publicKey.length() - 4) + "\"")
			.doesNotContain(privateKey)
			.doesNotContain(publicKey)
			.doesNotContain("privateKey");
	}

	@Test
	void refusesKeysConnectWiseRejectsWith422WithoutEchoingThem() {
		String tenantId = newTenant();
		Map<String, Object> connection = simulatorCompany();
		String wrongKey = "wrong-private-" + ThreadLocalRandom.current().nextInt(1_000_000);
		connection.put("privateKey", wrongKey);
		String problem = put(tenantId, connection).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem).contains("\"httpStatus\":401").doesNotContain(wrongKey);
		get(tenantId).expectStatus().isNotFound();
	}

	@Test
	void passingConnectionTestEndsAPauseAfter401Or403() {
		String tenantId = newTenant();
		put(tenantId, simulatorCompany()).expectStatus().isOk();
		this.pauses.pause(tenantId, "ConnectWise answered 403 Security").block();

		this.web.post()
			.uri("/v1/tenants/{tenantId}/connection/test", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(this.pauses.reason(tenantId).blockOptional()).isEmpty();
	}

	@Test
	void savingTheConnectionAgainEndsAPause() {
		String tenantId = newTenant();
		Map<String, Object> connection = simulatorCompany();
		put(tenantId, connection).expectStatus().isOk();
		this.pauses.pause(tenantId, "ConnectWise answered 401 Unauthorized").block();

		put(tenantId, connection).expectStatus().isOk();

		assertThat(this.pauses.reason(tenantId).blockOptional()).isEmpty();
	}

	@Test
	void testsAStoredConnectionAgain() {
		String tenantId = newTenant();
		put(tenantId, simulatorCompany()).expectStatus().isOk();
		this.web.post()
			.uri("/v1/tenants/{tenantId}/connection/test", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.ok")
			.isEqualTo(true)
			.jsonPath("$.serverVersion")
			.isEqualTo("v2025.1.12345");
	}

	@Test
	void deletesAConnectionAnd404sWhenThereIsNone() {
		String tenantId = newTenant();
		put(tenantId, simulatorCompany()).expectStatus().isOk();
		delete(tenantId).expectStatus().isNoContent();
		get(tenantId).expectStatus().isNotFound();
		delete(tenantId).expectStatus().isNotFound();
	}

	/** A company the simulator knows, as a connection body. */
	private static Map<String, Object> simulatorCompany() {
		String companyId = "c" + ThreadLocalRandom.current().nextInt(1_000_000);
		String publicKey = "PUB" + companyId + "ABCDEFGHIJ";
		String privateKey = "PRIV" + companyId + "KLMNOPQRST";
		connectWise.addCompany(companyId, publicKey, privateKey);
		return new HashMap<>(Map.of("site", connectWise.origin(), "companyId", companyId, "publicKey", publicKey,
				"privateKey", privateKey, "codebase", "v4_6_release", "apiMemberIdentifier", "psabridge"));
	}

	private WebTestClient.ResponseSpec put(String tenantId, Object body) {
		return this.web.put()
			.uri("/v1/tenants/{tenantId}/connection", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec get(String tenantId) {
		return this.web.get()
			.uri("/v1/tenants/{tenantId}/connection", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange();
	}

	private WebTestClient.ResponseSpec delete(String tenantId) {
		return this.web.delete()
			.uri("/v1/tenants/{tenantId}/connection", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange();
	}

}
