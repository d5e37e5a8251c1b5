package com.psabridge.webhook;

import com.psabridge.webhook.testing.CallbackIntegrationTest;
import org.junit.jupiter.api.Test;

/** The service as operators see it; shares the intake tests' context. */
class WebhookReceiverIntegrationTests extends CallbackIntegrationTest {

	@Test
	void reportsHealthyWithItsDatabaseAndBroker() {
		this.web.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.r2dbc.status")
			.isEqualTo("UP")
			.jsonPath("$.components.rabbit.status")
			.isEqualTo("UP");
	}

	@Test
	void servesPrometheusMetricsTaggedWithItsName() {
		this.web.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> org.assertj.core.api.Assertions.assertThat(body)
				.contains("application=\"webhook-receiver\""));
	}

}
