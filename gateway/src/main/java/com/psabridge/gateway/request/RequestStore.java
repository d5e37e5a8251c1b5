package com.psabridge.gateway.request;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

/**
 * The gateway's statements on {@code psa_request} and {@code psa_activity_log}: the
 * insert of accepted requests, and reads. The gateway never updates a request.
 */
@Repository
class RequestStore {

	private final DatabaseClient db;

	private final ObjectMapper json;

	RequestStore(DatabaseClient db, ObjectMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Stores requests, each with its {@code ACCEPTED} activity row, in one statement and
	 * one implicit transaction, so either all of them exist or none does. Answers the ids
	 * stored: a request missing from them conflicted with an earlier use of its
	 * idempotency key (or with one earlier in the list).
	 * <p>
	 * The answer comes only once the statement's stream completes, which the driver
	 * signals on {@code ReadyForQuery}, after PostgreSQL committed the implicit
	 * transaction (a failed commit fails it); an explicit {@code BEGIN}/{@code COMMIT}
	 * would add two round trips for the same guarantee. The rows themselves arrive before
	 * the commit, so nothing may act on them earlier.
	 */
	Mono<Set<UUID>> insert(List<NewRequest> requests) {
		int size = requests.size();
		UUID[] ids = new UUID[size];
		String[] tenantIds = new String[size];
		String[] kinds = new String[size];
		Long[] ticketIds = new Long[size];
		String[] idempotencyKeys = new String[size];
		String[] payloadHashes = new String[size];
		String[] payloads = new String[size];
		String[] references = new String[size];
		for (int i = 0; i < size; i++) {
			NewRequest request = requests.get(i);
			ids[i] = request.id();
			tenantIds[i] = request.tenantId();
			kinds[i] = request.kind().name();
			ticketIds[i] = request.ticketId();
			idempotencyKeys[i] = request.idempotencyKey();
			payloadHashes[i] = request.payloadHash();
			payloads[i] = request.payload();
			references[i] = request.reference();
		}
		// Arrays rather than one VALUES row per request: one statement text for every
		// batch size, so each connection prepares it once. In list order, so that of two
		// requests with one idempotency key the first is stored.
		return this.db
			.sql("""
					with inserted as (
					    insert into psa_request (id, tenant_id, kind, ticket_id, idempotency_key, payload_hash, payload,
					        reference, status)
					    select id, tenant_id, kind, ticket_id, idempotency_key, payload_hash, payload::jsonb, reference, 'QUEUED'
					    from unnest(:ids::uuid[], :tenantIds::varchar[], :kinds::varchar[], :ticketIds::bigint[],
					        :idempotencyKeys::varchar[], :payloadHashes::varchar[], :payloads::text[], :references::varchar[])
					        with ordinality as batch (id, tenant_id, kind, ticket_id, idempotency_key, payload_hash, payload,
					            reference, position)
					    order by position
					    on conflict (tenant_id, idempotency_key) do nothing
					    returning id, tenant_id),
					logged as (
					    insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome)
					    select id, tenant_id, 0, 'ACCEPTED', 'QUEUED' from inserted)
					select id from inserted""")
			.bind("ids", ids)
			.bind("tenantIds", tenantIds)
			.bind("kinds", kinds)
			.bind("ticketIds", ticketIds)
			.bind("idempotencyKeys", idempotencyKeys)
			.bind("payloadHashes", payloadHashes)
			.bind("payloads", payloads)
			.bind("references", references)
			.map((row) -> row.get("id", UUID.class))
			.all()
			.collect(Collectors.toSet());
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
