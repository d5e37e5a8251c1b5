package com.psabridge.gateway.tenant;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.psabridge.gateway.ClosedPort;
import com.psabridge.gateway.GatewayIntegrationTests;
import com.psabridge.simulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused connection answers what the admin must fix, told apart by
 * {@code /login/companyinfo} (no keys needed) and {@code /system/info} (the keys).
 */
class ConnectionDiagnosisIntegrationTests extends GatewayIntegrationTests {

	@AfterEach
	void clearFaults() {
		connectWise.reset();
	}

	@Test
	void anUnknownCompanyIdIsNamedAsTheFieldToCheck() {
		Map<String, Object> connection = company();
		connection.put("companyId", "nosuchcompany" + ThreadLocalRandom.current().nextInt(1_000_000));
		Map<String, Object> problem = refused(connection);
		assertThat((String) problem.get("detail")).contains("does not know the company id");
		assertThat(problem.get("check")).asList().containsExactly("companyId", "site");
	}

	@Test
	void aSiteThatDoesNotAnswerIsNamedAsTheFieldToCheck() {
		Map<String, Object> connection = company();
		connection.put("site", "http://127.0.0.1:" + ClosedPort.find());
		Map<String, Object> problem = refused(connection);
		assertThat((String) problem.get("detail")).contains("did not answer").contains("Check site");
		assertThat(problem.get("check")).asList().containsExactly("site");
	}

	@Test
	void wrongKeysNameTheKeysWithoutEchoingThem() {
		Map<String, Object> connection = company();
		connection.put("privateKey", "wrong-private-key-12345");
		Map<String, Object> problem = refused(connection);
		assertThat((String) problem.get("detail")).contains("refused the API keys").doesNotContain("wrong-private");
		assertThat(problem.get("check")).asList().contains("publicKey", "privateKey");
	}

	@Test
	void a404WithAnotherCodebaseThanTheSiteAnswersNamesTheCodebase() {
		Map<String, Object> connection = company();
		connectWise.inject(Fault.on("GET", ".*/system/info")
			.status(404, "{\"code\":\"NotFound\",\"message\":\"Not found\"}", "application/json"));
		Map<String, Object> problem = refused(connection);
		assertThat((String) problem.get("detail")).contains("under codebase v2025_1/, not v4_6_release");
		assertThat(problem.get("check")).asList().containsExactly("codebase");
	}

	@Test
	void aCloud404OnSystemInfoIsExplainedAsWrongKeysOrCompany() {
		Map<String, Object> connection = company();
		connection.put("codebase", "v2025_1/");
		connectWise.inject(Fault.on("GET", ".*/system/info")
			.status(404, "{\"code\":\"NotFound\",\"message\":\"Not found\"}", "application/json"));
		Map<String, Object> problem = refused(connection);
		assertThat((String) problem.get("detail")).contains("ConnectWise cloud answers 404 to wrong keys");
	}

	@Test
	void aMissingRightPointsAtTheSecurityRole() {
		Map<String, Object> connection = company();
		connectWise.inject(Fault.on("GET", ".*/system/info").securityError());
		Map<String, Object> problem = refused(connection);
		assertThat((String) problem.get("detail")).contains("security role").contains("docs/security-role.md");
	}

	@Test
	void aConnectionWithoutCodebaseUsesTheOneTheSiteAnswers() {
		Map<String, Object> connection = company();
		connection.remove("codebase");
		String tenantId = newTenant();
		put(tenantId, connection).expectStatus().isOk().expectBody().jsonPath("$.codebase").isEqualTo("v2025_1/");
	}

	private Map<String, Object> refused(Map<String, Object> connection) {
		return put(newTenant(), connection).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec put(String tenantId, Map<String, Object> connection) {
		return this.web.put()
			.uri("/v1/tenants/{tenantId}/connection", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(connection)
			.exchange();
	}

	private static Map<String, Object> company() {
		String companyId = "d" + ThreadLocalRandom.current().nextInt(1_000_000);
		connectWise.addCompany(companyId, "PUB" + companyId + "ABCDEFGH", "PRIV" + companyId + "IJKLMNOP");
		return new HashMap<>(Map.of("site", connectWise.origin(), "companyId", companyId, "publicKey",
				"PUB" + companyId + "ABCDEFGH", "privateKey", "PRIV" + companyId + "IJKLMNOP", "codebase",
				"v4_6_release"));
	}

}
