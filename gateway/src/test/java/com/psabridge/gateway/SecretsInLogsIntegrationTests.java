package com.psabridge.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Goes through every call that carries a secret, with our own code logging at DEBUG, and
 * looks for the secrets in what was logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIntegrationTests extends GatewayIntegrationTests {

	@Test
	void logsNoApiKeyPrivateKeyOrAuthorizationHeader(CapturedOutput output) {
		String tenantId = newTenant();
		String issued = issueKey(List.of(tenantId), List.of("enqueue", "read", "admin"));
		postNote(issued, tenantId, note(newTicketId())).expectStatus().isAccepted();
		postNote(issued + "x", tenantId, note(newTicketId())).expectStatus().isUnauthorized();

		String companyId = "c" + ThreadLocalRandom.current().nextInt(1_000_000);
		String privateKey = "PRIVATE-" + companyId + "-0123456789";
		connectWise.addCompany(companyId, "PUBLIC-" + companyId, privateKey);
		Map<String, Object> connection = Map.of("site", connectWise.origin(), "companyId", companyId, "publicKey",
				"PUBLIC-" + companyId, "privateKey", privateKey);
		putConnection(issued, tenantId, connection).expectStatus().isOk();
		String wrongKey = "WRONG-" + privateKey;
		putConnection(issued, tenantId, Map.of("site", connectWise.origin(), "companyId", companyId, "publicKey",
				"PUBLIC-" + companyId, "privateKey", wrongKey))
			.expectStatus()
			.isEqualTo(422);
		this.web.post()
			.uri("/v1/tenants/{tenantId}/connection/test", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + issued)
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(output.getAll()).contains("Tenant " + tenantId + " connected to ConnectWise")
			.doesNotContain(ADMIN_KEY)
			.doesNotContain(issued)
			.doesNotContain(privateKey)
			.doesNotContain("Bearer ");
	}

	private WebTestClient.ResponseSpec putConnection(String key, String tenantId, Object body) {
		return this.web.put()
			.uri("/v1/tenants/{tenantId}/connection", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
