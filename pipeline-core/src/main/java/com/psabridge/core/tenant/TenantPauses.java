package com.psabridge.core.tenant;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Pausing a tenant's deliveries after ConnectWise refused its keys or security role
 * (401/403): retrying would burn the retry budget of every request on a problem only an
 * admin can fix. The pause ends when the connection is saved again or a connection test
 * succeeds.
 */
@Repository
public class TenantPauses {

	private final DatabaseClient db;

	TenantPauses(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Void> pause(String tenantId, String reason) {
		return this.db.sql("""
				update psa_tenant_connection set paused_at = coalesce(paused_at, now()), pause_reason = :reason
				where tenant_id = :tenantId""").bind("tenantId", tenantId).bind("reason", reason).then();
	}

	/** Ends the tenant's pause; answers whether it was paused. */
	public Mono<Boolean> resume(String tenantId) {
		return this.db.sql("""
				update psa_tenant_connection set paused_at = null, pause_reason = null
				where tenant_id = :tenantId and paused_at is not null""")
			.bind("tenantId", tenantId)
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	/** Why the tenant is paused, or empty when it is not. */
	public Mono<String> reason(String tenantId) {
		return this.db
			.sql("select pause_reason from psa_tenant_connection where tenant_id = :tenantId and paused_at is not null")
			.bind("tenantId", tenantId)
			.map((row) -> String.valueOf(row.get("pause_reason", String.class)))
			.one();
	}

}
