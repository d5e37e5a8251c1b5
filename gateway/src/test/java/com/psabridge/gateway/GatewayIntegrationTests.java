package com.psabridge.gateway;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.psabridge.core.testing.LocalServices;
import com.psabridge.simulator.ConnectWiseSimulator;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One gateway on a random port for every integration test that can share it, on the real
 * PostgreSQL and RabbitMQ and the ConnectWise simulator. Each test works on tenants of
 * its own ({@link #newTenant()}), so tests do not see each other's rows, nor other
 * modules'.
 */
// Export metrics as in production (tests otherwise keep only a simple registry).
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "psa.credentials.key=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
				"psa.connectwise.client-id=11111111-2222-3333-4444-555555555555",
				"psa.connectwise.allow-insecure-http=true", "psa.connectwise.read-timeout=3s",
				"psa.api-keys.admin-key=" + GatewayIntegrationTests.ADMIN_KEY,
				"psa.callbacks.public-url=https://hooks.psabridge.test",
				// Our own code logs at DEBUG, so the test that looks for secrets in the
				// log sees everything.
				"logging.level.com.psabridge=DEBUG" })
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class GatewayIntegrationTests {

	protected static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	protected static final String ADMIN_KEY = "integration-test-admin-key-5f2c1e";

	protected static final ConnectWiseSimulator connectWise = ConnectWiseSimulator.start(0);

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		LocalServices.register(registry);
	}

	@Autowired
	protected WebTestClient web;

	@Autowired
	protected DatabaseClient db;

	protected static String newTenant() {
		return "t-" + UUID.randomUUID();
	}

	protected static long newTicketId() {
		return ThreadLocalRandom.current().nextLong(100_000, 1_000_000_000);
	}

	/** A valid ticket note body for {@code ticketId}. */
	protected static Map<String, Object> note(long ticketId) {
		return Map.of("ticketId", ticketId, "text", "Session summary", "noteType", "INTERNAL_ANALYSIS", "visibility",
				"INTERNAL", "userId", "u-42", "reference", "session-9f1c");
	}

	/** Issues an API key through the API, as an operator would. */
	protected String issueKey(List<String> tenants, List<String> roles) {
		Map<String, Object> issued = this.web.post()
			.uri("/v1/api-keys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "test-key", "tenants", tenants, "roles", roles))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CREATED)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		return (String) issued.get("key");
	}

	protected WebTestClient.ResponseSpec postNote(String key, String tenantId, Object body) {
		return this.web.post()
			.uri("/v1/tenants/{tenantId}/ticket-notes", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	protected Map<String, Object> requestRow(UUID requestId) {
		return this.db.sql("select * from psa_request where id = :id").bind("id", requestId).fetch().one().block();
	}

}
