package com.psabridge.worker.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.psabridge.core.testing.MetricReferences;
import com.psabridge.core.testing.MetricReferences.Exporter;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.worker.WorkerIntegrationTests;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric that {@code infra/prometheus/alerts.yml} and the Grafana dashboards query
 * from psa-worker is in its Prometheus scrape (the text {@code /actuator/prometheus}
 * serves), after one delivery and one retrying request, so a renamed meter fails here
 * instead of silently emptying a panel or disarming an alert.
 */
class ExportedMetricsIntegrationTests extends WorkerIntegrationTests {

	@Autowired
	private PrometheusMeterRegistry prometheus;

	@Autowired
	private BacklogGauges gauges;

	@Autowired
	private Environment environment;

	@Test
	void everyMetricTheDashboardsAndAlertsQueryFromTheWorkerIsExported() {
		UUID delivered = accept(connectedTenant(), DeliveryMetricsIntegrationTests.note(newTicketId()));
		awaitStatus(delivered, RequestStatus.SUCCEEDED);
		UUID retrying = UUID.randomUUID();
		String tenant = "t-" + UUID.randomUUID();
		this.db.sql("""
				insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, status, next_retry_at,
				    last_error)
				values (:id, :tenant, 'TIME_ENTRY', 1, 'x', '{}'::jsonb, 'RETRY_SCHEDULED', now() + interval '1 hour',
				    '{"code": "Http503"}'::jsonb)""").bind("id", retrying).bind("tenant", tenant).then().block();
		String paused = connectedTenant();
		this.db
			.sql("update psa_tenant_connection set paused_at = now() - interval '7300 days', pause_reason = 'test'"
					+ " where tenant_id = :t")
			.bind("t", paused)
			.then()
			.block();
		try {
			this.gauges.refresh();

			Set<String> exported = MetricReferences.exported(this.prometheus.scrape());
			Set<String> missing = new TreeSet<>(
					MetricReferences.referencedFrom(MetricReferences.infra(), Exporter.PSA_WORKER));
			missing.removeAll(exported);

			assertThat(missing).as("queried by infra/ but not exported by psa-worker").isEmpty();
			assertThat(MetricReferences.referencedFrom(MetricReferences.infra(), Exporter.PSA_WORKER))
				.contains("psa_requests_oldest_due_age_seconds", "resilience4j_circuitbreaker_state");
		}
		finally {
			this.db.sql("delete from psa_request where id = :id").bind("id", retrying).then().block();
			this.db.sql("update psa_tenant_connection set paused_at = null where tenant_id = :t")
				.bind("t", paused)
				.then()
				.block();
		}
	}

	@Test
	void servesThePrometheusEndpointWithTheApplicationTag() {
		assertThat(this.environment.getProperty("management.endpoints.web.exposure.include")).contains("prometheus");
		assertThat(this.prometheus.scrape()).contains("application=\"psa-worker\"");
	}

}
