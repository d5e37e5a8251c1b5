package com.psabridge.webhook;

import java.util.Set;
import java.util.TreeSet;

import com.psabridge.core.testing.MetricReferences;
import com.psabridge.core.testing.MetricReferences.Exporter;
import com.psabridge.webhook.testing.CallbackIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

	@Test
	void exportsEveryMetricTheDashboardsAndAlertsQueryFromIt() {
		String scrape = this.web.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Set<String> wanted = MetricReferences.referencedFrom(MetricReferences.infra(), Exporter.WEBHOOK_RECEIVER);
		Set<String> missing = new TreeSet<>(wanted);
		missing.removeAll(MetricReferences.exported(scrape));
		assertThat(wanted).contains("psa_callbacks_received_total", "psa_ticket_events_published_total");
		assertThat(missing).as("queried by infra/ but not exported by webhook-receiver").isEmpty();
	}

}
