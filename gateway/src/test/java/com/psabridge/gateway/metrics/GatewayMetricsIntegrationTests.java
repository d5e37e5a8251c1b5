package com.psabridge.gateway.metrics;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.psabridge.core.testing.MetricReferences;
import com.psabridge.core.testing.MetricReferences.Exporter;
import com.psabridge.gateway.GatewayIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric that {@code infra/}'s alert rules and Grafana dashboards query from the
 * gateway is on its {@code /actuator/prometheus}, served without an API key.
 */
class GatewayMetricsIntegrationTests extends GatewayIntegrationTests {

	@Test
	void everyMetricTheDashboardsQueryFromTheGatewayIsScraped() {
		postNote(ADMIN_KEY, newTenant(), note(newTicketId())).expectStatus().isAccepted();

		String scrape = scrape();

		Set<String> wanted = MetricReferences.referencedFrom(MetricReferences.infra(), Exporter.GATEWAY);
		Set<String> missing = new TreeSet<>(wanted);
		missing.removeAll(MetricReferences.exported(scrape));
		assertThat(wanted).contains("psa_requests_accepted_total");
		assertThat(missing).as("queried by infra/ but not exported by the gateway").isEmpty();
		assertThat(scrape).contains("application=\"gateway\"").doesNotContain(ADMIN_KEY);
	}

	@Test
	void timesRequestsWithoutSpringSecuritysOwnObservations() {
		postNote(ADMIN_KEY, newTenant(), note(newTicketId())).expectStatus().isAccepted();
		String scrape = scrape();
		assertThat(scrape).contains("http_server_requests_seconds_count{").doesNotContain("spring_security_");
	}

	@Test
	void connectWiseCallsAreTimedWithoutTheSiteHost() {
		connectWise.addCompany("metrics", "PUBmetricsABCDEFGH", "PRIVmetricsIJKLMNOP");
		this.web.put()
			.uri("/v1/tenants/{tenantId}/connection", newTenant())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("site", connectWise.origin(), "companyId", "metrics", "publicKey", "PUBmetricsABCDEFGH",
					"privateKey", "PRIVmetricsIJKLMNOP", "codebase", "v4_6_release"))
			.exchange()
			.expectStatus()
			.isOk();
		String scrape = scrape();
		assertThat(scrape).contains("psa_connectwise_calls_seconds_bucket{")
			.contains("operation=\"SYSTEM_INFO\"")
			.contains("http_client_requests_seconds_count{")
			.doesNotContain("client_name=")
			.doesNotContain("PRIVmetrics");
	}

	/** The gateway's Prometheus scrape, read as Prometheus reads it: no API key. */
	private String scrape() {
		return this.web.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
