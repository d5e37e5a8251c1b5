package com.psabridge.worker.delivery;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.RequestStatus;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The worker's statements on {@code psa_request} and {@code psa_activity_log}. Every
 * state change is conditional on the state this worker left the row in, so two workers
 * that got the same message never both deliver it.
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
	 * QUEUED → IN_PROGRESS; empty when the request is not QUEUED (done, or taken by
	 * another worker).
	 */
	Mono<ClaimedRequest> claim(UUID requestId) {
		return this.db.sql("""
				update psa_request set status = 'IN_PROGRESS', updated_at = now()
				where id = :id and status = 'QUEUED'
				returning id, tenant_id, kind, payload, retry_count, connectwise_id""")
			.bind("id", requestId)
			.map((row) -> new ClaimedRequest(row.get("id", UUID.class), row.get("tenant_id", String.class),
					RequestKind.valueOf(row.get("kind", String.class)), row.get("payload", Json.class).asString(),
					row.get("retry_count", Integer.class), row.get("connectwise_id", Long.class)))
			.one();
	}

	/**
	 * Keeps a record created by a first step, so a retry repeats only the steps after it.
	 */
	Mono<Void> recordCreated(ClaimedRequest request, long connectwiseId) {
		return this.db.sql("update psa_request set connectwise_id = :cwId, updated_at = now() where id = :id")
			.bind("cwId", connectwiseId)
			.bind("id", request.id())
			.then();
	}

	Mono<Void> log(ClaimedRequest request, ActivityEntry entry) {
		return this.db.sql("""
				insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, http_status, duration_ms,
				    error_code, error_message, connectwise_request_id)
				values (:requestId, :tenantId, :attempt, :action, :outcome, :httpStatus, :durationMs, :errorCode,
				    :errorMessage, :cwRequestId)""")
			.bind("requestId", request.id())
			.bind("tenantId", request.tenantId())
			.bind("attempt", request.attempt())
			.bind("action", entry.action())
			.bind("outcome", entry.outcome())
			.bind("httpStatus", Parameters.of(entry.httpStatus(), Integer.class))
			.bind("durationMs", Parameters.of(entry.durationMs(), Long.class))
			.bind("errorCode", Parameters.of(entry.errorCode(), String.class))
			.bind("errorMessage", Parameters.of(entry.errorMessage(), String.class))
			.bind("cwRequestId", Parameters.of(entry.connectWiseRequestId(), String.class))
			.then();
	}

	/**
	 * IN_PROGRESS → the attempt's resulting status, with the state change logged in the
	 * same statement.
	 */
	Mono<Void> finish(ClaimedRequest request, Result result) {
		return this.db
			.sql("""
					with finished as (
					    update psa_request set status = :status, retry_count = :retryCount, next_retry_at = :nextRetryAt,
					        last_error = :lastError, connectwise_id = coalesce(:cwId, connectwise_id), updated_at = now()
					    where id = :id and status = 'IN_PROGRESS'
					    returning id, tenant_id)
					insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, error_code, error_message)
					select id, tenant_id, :attempt, 'STATE_CHANGE', :status, :errorCode, :errorMessage from finished""")
			.bind("id", request.id())
			.bind("status", result.status().name())
			.bind("retryCount", result.retryCount())
			.bind("nextRetryAt", Parameters.of(result.nextRetryAt(), Instant.class))
			.bind("lastError", Parameters.of(lastError(result.error()), Json.class))
			.bind("cwId", Parameters.of(result.connectwiseId(), Long.class))
			.bind("attempt", request.attempt())
			.bind("errorCode", Parameters.of((result.error() != null) ? result.error().code() : null, String.class))
			.bind("errorMessage",
					Parameters.of((result.error() != null) ? result.error().message() : null, String.class))
			.then();
	}

	private Json lastError(LastError error) {
		if (error == null) {
			return null;
		}
		try {
			return Json.of(this.json.writeValueAsString(error));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Where an attempt left a request.
	 *
	 * @param status the new status
	 * @param retryCount retries so far, including one now scheduled
	 * @param nextRetryAt when a scheduled retry is due, else null
	 * @param connectwiseId the record written, else null
	 * @param error the failure that decided it, else null
	 */
	record Result(RequestStatus status, int retryCount, Instant nextRetryAt, Long connectwiseId, LastError error) {

	}

	/** {@code psa_request.last_error}, as the read API shows it. */
	record LastError(Integer httpStatus, String code, String message) {

	}

}
