package com.psabridge.gateway.request;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.RequestStatus;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The gateway's statements on {@code psa_request} and {@code psa_activity_log}: one
 * insert per accepted request, and reads. The gateway never updates a request.
 */
@Repository
class RequestStore {

	private final DatabaseClient db;

	private final ObjectMapper json;

	private final TransactionalOperator transactions;

	RequestStore(DatabaseClient db, ObjectMapper json, TransactionalOperator transactions) {
		this.db = db;
		this.json = json;
		this.transactions = transactions;
	}

	/**
	 * Stores a request and its {@code ACCEPTED} activity row in one statement, so either
	 * both exist or neither does. Empty when the tenant already used the idempotency key.
	 */
	Mono<UUID> insert(NewRequest request) {
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("""
					with inserted as (
					    insert into psa_request (id, tenant_id, kind, ticket_id, idempotency_key, payload_hash, payload,
					        reference, status)
					    values (:id, :tenantId, :kind, :ticketId, :idempotencyKey, :payloadHash, :payload, :reference, 'QUEUED')
					    on conflict (tenant_id, idempotency_key) do nothing
					    returning id, tenant_id),
					logged as (
					    insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome)
					    select id, tenant_id, 0, 'ACCEPTED', 'QUEUED' from inserted)
					select id from inserted""")
			.bind("id", request.id())
			.bind("tenantId", request.tenantId())
			.bind("kind", request.kind().name())
			.bind("ticketId", request.ticketId())
			.bind("payloadHash", request.payloadHash())
			.bind("payload", Json.of(request.payload()));
		spec = bindNullable(spec, "idempotencyKey", request.idempotencyKey());
		spec = bindNullable(spec, "reference", request.reference());
		// An explicit transaction: the driver sees the inserted row before PostgreSQL
		// commits an
		// implicit one, and a 202 (or a worker reading the row) must come after the
		// commit.
		return spec.map((row) -> row.get("id", UUID.class)).one().as(this.transactions::transactional);
	}

	/** The request an idempotency key was first used for. */
	Mono<EarlierRequest> findByIdempotencyKey(String tenantId, String idempotencyKey) {
		return this.db.sql("""
				select id, kind, payload_hash, reference from psa_request
				where tenant_id = :tenantId and idempotency_key = :idempotencyKey""")
			.bind("tenantId", tenantId)
			.bind("idempotencyKey", idempotencyKey)
			.map((row) -> new EarlierRequest(row.get("id", UUID.class),
					RequestKind.valueOf(row.get("kind", String.class)), row.get("payload_hash", String.class),
					row.get("reference", String.class)))
			.one();
	}

	/**
	 * A tenant's request with its activity log; empty if the tenant has no such request.
	 */
	Mono<RequestView> find(String tenantId, UUID requestId) {
		Mono<List<RequestView.Attempt>> attempts = this.db.sql("""
				select attempt, created_at, action, outcome, http_status, duration_ms, error_code, error_message
				from psa_activity_log where request_id = :id order by id""")
			.bind("id", requestId)
			.map(RequestStore::toAttempt)
			.all()
			.collectList();
		return this.db.sql("""
				select id, kind, ticket_id, status, retry_count, next_retry_at, last_error, connectwise_id, reference,
				       created_at, updated_at
				from psa_request where id = :id and tenant_id = :tenantId""")
			.bind("id", requestId)
			.bind("tenantId", tenantId)
			.map(this::toView)
			.one()
			.zipWhen((request) -> attempts, RequestView::withAttempts);
	}

	/**
	 * A page of a tenant's requests, newest first, starting after {@code after} (the last
	 * request of the previous page), matching every filter given.
	 */
	Flux<RequestView> list(String tenantId, RequestFilter filter, HistoryCursor after, int limit) {
		StringBuilder sql = new StringBuilder("""
				select id, kind, ticket_id, status, retry_count, next_retry_at, last_error, connectwise_id, reference,
				       created_at, updated_at
				from psa_request where tenant_id = :tenantId""");
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("tenantId", tenantId);
		if (filter.status() != null) {
			sql.append(" and status = :status");
			values.put("status", filter.status().name());
		}
		if (filter.ticketId() != null) {
			sql.append(" and ticket_id = :ticketId");
			values.put("ticketId", filter.ticketId());
		}
		if (filter.reference() != null) {
			sql.append(" and reference = :reference");
			values.put("reference", filter.reference());
		}
		if (after != null) {
			sql.append(" and (created_at, id) < (:afterCreatedAt, :afterId)");
			values.put("afterCreatedAt", after.createdAt());
			values.put("afterId", after.requestId());
		}
		sql.append(" order by created_at desc, id desc limit :limit");
		values.put("limit", limit);
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString());
		for (Map.Entry<String, Object> value : values.entrySet()) {
			spec = spec.bind(value.getKey(), value.getValue());
		}
		return spec.map(this::toView).all();
	}

	private RequestView toView(Readable row) {
		return new RequestView(row.get("id", UUID.class), row.get("kind", String.class),
				row.get("ticket_id", Long.class), row.get("status", String.class),
				row.get("retry_count", Integer.class), row.get("next_retry_at", Instant.class),
				lastError(row.get("last_error", Json.class)), row.get("connectwise_id", Long.class),
				row.get("reference", String.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class), null);
	}

	private RequestView.LastError lastError(Json value) {
		if (value == null) {
			return null;
		}
		try {
			return this.json.readValue(value.asString(), RequestView.LastError.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("psa_request.last_error is not the expected JSON", ex);
		}
	}

	private static RequestView.Attempt toAttempt(Readable row) {
		String code = row.get("error_code", String.class);
		String message = row.get("error_message", String.class);
		String error = (code == null) ? message : (message == null) ? code : code + ": " + message;
		return new RequestView.Attempt(row.get("attempt", Integer.class), row.get("created_at", Instant.class),
				row.get("action", String.class), row.get("outcome", String.class),
				row.get("http_status", Integer.class), row.get("duration_ms", Long.class), error);
	}

	private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	/**
	 * A request to store.
	 *
	 * @param payload the canonical JSON of the payload record
	 * @param payloadHash hex SHA-256 of {@code payload}
	 */
	record NewRequest(UUID id, String tenantId, RequestKind kind, long ticketId, String idempotencyKey,
			String payloadHash, String payload, String reference) {

	}

	/** Filters of the post history; null means any. */
	record RequestFilter(RequestStatus status, Long ticketId, String reference) {

	}

	/** What an idempotency key was first used for. */
	record EarlierRequest(UUID id, RequestKind kind, String payloadHash, String reference) {

	}

}
