package com.psabridge.worker.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.psabridge.core.tenant.TenantPauses;
import com.psabridge.worker.WorkerIntegrationTests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauges read from PostgreSQL. Rows are written the way the worker leaves them, but
 * out of the relay's reach (published recently, or retrying in an hour), so the relay
 * cannot change them while the gauges are read.
 */
class BacklogGaugesIntegrationTests extends WorkerIntegrationTests {

	@Autowired
	private BacklogGauges gauges;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private TenantPauses pauses;

	private final List<UUID> rows = new ArrayList<>();

	@AfterEach
	void removeRows() {
		if (!this.rows.isEmpty()) {
			this.db.sql("delete from psa_request where id = any(:ids)")
				.bind("ids", this.rows.toArray(UUID[]::new))
				.then()
				.block();
		}
	}

	@Test
	void oldestDueAgeCountsFromWhenAQueuedRequestWasQueued() {
		insert("t-" + UUID.randomUUID(), "QUEUED", "now() - interval '20 minutes'", "now()", null, null);

		this.gauges.refresh();

		assertThat(this.meters.get("psa.requests.oldest.due.age").gauge().value()).isGreaterThanOrEqualTo(1200);
		assertThat(
				this.meters.get("psa.requests.backlog").tags("status", "QUEUED", "kind", "TICKET_NOTE").gauge().value())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void retryingRequestsShowTheirErrorCodeTenantAndAge() {
		String tenant = "t-" + UUID.randomUUID();
		for (int i = 0; i < 30; i++) {
			insert(tenant, "RETRY_SCHEDULED", "now() - interval '2 hours'", null, "now() + interval '1 hour'",
					"MetricsTestCode");
		}

		this.gauges.refresh();

		assertThat(this.meters.get("psa.requests.retrying").tag("code", "MetricsTestCode").gauge().value())
			.isEqualTo(30);
		assertThat(this.meters.get("psa.requests.retrying.age").tag("code", "MetricsTestCode").gauge().value())
			.isGreaterThanOrEqualTo(7200);
		assertThat(this.meters.get("psa.tenant.retrying").tag("tenant", tenant).gauge().value()).isEqualTo(30);
		assertThat(this.meters.get("psa.tenant.retrying.age").tag("tenant", tenant).gauge().value())
			.isGreaterThanOrEqualTo(7200);
		assertThat(this.meters.get("psa.requests.backlog")
			.tags("status", "RETRY_SCHEDULED", "kind", "TICKET_NOTE")
			.gauge()
			.value()).isGreaterThanOrEqualTo(30);
	}

	@Test
	void pausedTenantsAreCountedAndTheLongestPausedNamed() {
		String tenant = connectedTenant();
		this.pauses.pause(tenant, "ConnectWise answered 401").block();
		// The longest paused are named first: make this one the longest.
		this.db.sql("update psa_tenant_connection set paused_at = now() - interval '3650 days' where tenant_id = :t")
			.bind("t", tenant)
			.then()
			.block();
		UUID parked = insert(tenant, "RETRY_SCHEDULED", "now()", null, null, "Http401");
		try {
			this.gauges.refresh();

			assertThat(this.meters.get("psa.tenants.paused").gauge().value()).isGreaterThanOrEqualTo(1);
			assertThat(this.meters.get("psa.tenant.paused").tag("tenant", tenant).gauge().value()).isEqualTo(1);
			assertThat(this.meters.get("psa.requests.parked").gauge().value()).isGreaterThanOrEqualTo(1);
		}
		finally {
			this.pauses.resume(tenant).block();
		}

		this.gauges.refresh();

		assertThat(this.meters.find("psa.tenant.paused").tag("tenant", tenant).gauge()).isNull();
		assertThat(parked).isNotNull();
	}

	private UUID insert(String tenant, String status, String createdAt, String publishedAt, String nextRetryAt,
			String code) {
		UUID id = UUID.randomUUID();
		String sql = """
				insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, status, created_at,
				    updated_at, published_at, next_retry_at, last_error)
				values (:id, :tenant, 'TICKET_NOTE', 1, 'x', '{}'::jsonb, :status, %1$s, %1$s, %2$s, %3$s, %4$s)"""
			.formatted(createdAt, (publishedAt != null) ? publishedAt : "null",
					(nextRetryAt != null) ? nextRetryAt : "null",
					(code != null) ? "jsonb_build_object('code', '" + code + "')" : "null");
		this.db.sql(sql).bind("id", id).bind("tenant", tenant).bind("status", status).then().block();
		this.rows.add(id);
		return id;
	}

}
