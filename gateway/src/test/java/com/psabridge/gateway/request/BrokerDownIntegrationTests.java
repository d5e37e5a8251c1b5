package com.psabridge.gateway.request;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.psabridge.core.testing.LocalServices;
import com.psabridge.gateway.ClosedPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway whose RabbitMQ is down (a port nobody listens on): requests are still
 * accepted, and left unpublished for psa-worker's relay. A context of its own, as it
 * needs a broken broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "psa.credentials.key=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
				"psa.api-keys.admin-key=broker-down-admin-key", "spring.rabbitmq.connection-timeout=1s" })
@AutoConfigureWebTestClient(timeout = "30s")
@ExtendWith(OutputCaptureExtension.class)
class BrokerDownIntegrationTests {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		LocalServices.register(registry);
		int closed = ClosedPort.find();
		registry.add("spring.rabbitmq.port", () -> closed);
	}

	@Autowired
	private WebTestClient web;

	@Autowired
	private DatabaseClient db;

	@Test
	void acceptsARequestWhileRabbitMqIsDownAndLeavesItUnpublishedForTheRelay(CapturedOutput output) {
		String tenantId = "t-" + UUID.randomUUID();
		Map<String, Object> answer = this.web.post()
			.uri("/v1/tenants/{tenantId}/ticket-notes", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer broker-down-admin-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("ticketId", 4711, "text", "Summary", "noteType", "RESOLUTION", "visibility",
					"INTERNAL_AND_EXTERNAL", "userId", "u-1"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		UUID requestId = UUID.fromString((String) answer.get("requestId"));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> output.getOut().contains("Request " + requestId + " of tenant " + tenantId + " is stored"));
		Map<String, Object> row = this.db.sql("select status, published_at from psa_request where id = :id")
			.bind("id", requestId)
			.fetch()
			.one()
			.block();
		assertThat(row).containsEntry("status", "QUEUED").containsEntry("published_at", null);
	}

}
