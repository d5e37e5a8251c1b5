package com.psabridge.worker.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.RequestStatus;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
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
	 * Takes a QUEUED request for delivery. In the same statement, a request that must
	 * wait is put off instead, without counting an attempt: one whose ticket still has an
	 * earlier request open (ticket order), until that one is due (at least
	 * {@code orderWait} seconds from now); one whose tenant is paused, parked without a
	 * time until the pause ends.
	 */
	Mono<Claim> claim(UUID requestId, double orderWaitSeconds) {
		return this.db
			.sql("""
					with target as (
					    select r.id,
					        (select count(*) > 0 from psa_request p
					         where p.tenant_id = r.tenant_id and p.ticket_id = r.ticket_id
					           and p.status in ('QUEUED', 'IN_PROGRESS', 'RETRY_SCHEDULED')
					           and (p.created_at < r.created_at or (p.created_at = r.created_at and p.id < r.id))) as behind,
					        (select max(p.next_retry_at) from psa_request p
					         where p.tenant_id = r.tenant_id and p.ticket_id = r.ticket_id
					           and p.status = 'RETRY_SCHEDULED'
					           and (p.created_at < r.created_at or (p.created_at = r.created_at and p.id < r.id))) as earlier_due,
					        c.paused_at is not null as paused, c.updated_at as connection_version
					    from psa_request r left join psa_tenant_connection c on c.tenant_id = r.tenant_id
					    where r.id = :id and r.status = 'QUEUED'
					    for update of r)
					update psa_request r set
					    status = case when t.behind or t.paused then 'RETRY_SCHEDULED' else 'IN_PROGRESS' end,
					    next_retry_at = case when t.paused then null
					        when t.behind then greatest(now() + make_interval(secs => :orderWait), t.earlier_due)
					        else r.next_retry_at end,
					    updated_at = now()
					from target t where r.id = t.id
					returning r.id, r.tenant_id, r.kind, r.payload, r.retry_count, r.connectwise_id, r.write_unconfirmed,
					    r.created_at, t.behind, t.paused, t.connection_version""")
			.bind("id", requestId)
			.bind("orderWait", orderWaitSeconds)
			.map((row) -> new Claim(new ClaimedRequest(row.get("id", UUID.class), row.get("tenant_id", String.class),
					RequestKind.valueOf(row.get("kind", String.class)), row.get("payload", Json.class).asString(),
					row.get("retry_count", Integer.class), row.get("connectwise_id", Long.class),
					Boolean.TRUE.equals(row.get("write_unconfirmed", Boolean.class)),
					row.get("created_at", OffsetDateTime.class).toInstant(),
					instant(row.get("connection_version", OffsetDateTime.class))),
					Boolean.TRUE.equals(row.get("behind", Boolean.class)),
					Boolean.TRUE.equals(row.get("paused", Boolean.class))))
			.one();
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	Mono<Boolean> exists(UUID requestId) {
		return this.db.sql("select 1 from psa_request where id = :id")
			.bind("id", requestId)
			.fetch()
			.first()
			.hasElement();
	}

	/**
	 * Keeps a record created by a first step, so a retry repeats only the steps after it.
	 */
	Mono<Void> recordCreated(ClaimedRequest request, long connectwiseId) {
		return this.db.sql("""
				update psa_request set connectwise_id = :cwId, write_unconfirmed = false, updated_at = now()
				where id = :id""").bind("cwId", connectwiseId).bind("id", request.id()).then();
	}

	/**
	 * IN_PROGRESS → RETRY_SCHEDULED without counting an attempt: the tenant's limits or
	 * breaker said not now.
	 */
	Mono<Void> putOff(ClaimedRequest request, Instant retryAt) {
		return this.db.sql("""
				update psa_request set status = 'RETRY_SCHEDULED', next_retry_at = :retryAt, updated_at = now()
				where id = :id and status = 'IN_PROGRESS'""").bind("id", request.id()).bind("retryAt", retryAt).then();
	}

	/**
	 * IN_PROGRESS → the attempt's resulting status, with the state change logged in the
	 * same statement.
	 */
	Mono<Void> finish(ClaimedRequest request, Result result) {
		List<ActivityEntry> entries = new ArrayList<>(request.activity());
		entries.add(new ActivityEntry("STATE_CHANGE", result.status().name(), null, null,
				(result.error() != null) ? result.error().code() : null,
				(result.error() != null) ? result.error().message() : null, null));
		return this.db.sql("""
				with finished as (
				    update psa_request set status = :status, retry_count = :retryCount, next_retry_at = :nextRetryAt,
				        last_error = :lastError, connectwise_id = coalesce(:cwId, connectwise_id),
				        write_unconfirmed = :writeUnconfirmed, updated_at = now()
				    where id = :id and status = 'IN_PROGRESS'
				    returning id, tenant_id)
				insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, http_status, duration_ms,
				    error_code, error_message, connectwise_request_id)
				select f.id, f.tenant_id, :attempt, e.action, e.outcome, e.http_status, e.duration_ms, e.error_code,
				    e.error_message, e.cw_request_id
				from finished f cross join unnest(cast(:actions as text[]), cast(:outcomes as text[]),
				    cast(:httpStatuses as int[]), cast(:durations as bigint[]), cast(:errorCodes as text[]),
				    cast(:errorMessages as text[]), cast(:cwRequestIds as text[]))
				    with ordinality as e(action, outcome, http_status, duration_ms, error_code, error_message,
				        cw_request_id, place)
				order by e.place""")
			.bind("id", request.id())
			.bind("status", result.status().name())
			.bind("retryCount", result.retryCount())
			.bind("nextRetryAt", Parameter.fromOrEmpty(result.nextRetryAt(), Instant.class))
			.bind("lastError", Parameter.fromOrEmpty(lastError(result.error()), Json.class))
			.bind("cwId", Parameter.fromOrEmpty(result.connectwiseId(), Long.class))
			.bind("writeUnconfirmed", result.writeUnconfirmed())
			.bind("attempt", request.attempt())
			.bind("actions", entries.stream().map(ActivityEntry::action).toArray(String[]::new))
			.bind("outcomes", entries.stream().map(ActivityEntry::outcome).toArray(String[]::new))
			.bind("httpStatuses", entries.stream().map(ActivityEntry::httpStatus).toArray(Integer[]::new))
			.bind("durations", entries.stream().map(ActivityEntry::durationMs).toArray(Long[]::new))
			.bind("errorCodes", entries.stream().map(ActivityEntry::errorCode).toArray(String[]::new))
			.bind("errorMessages", entries.stream().map(ActivityEntry::errorMessage).toArray(String[]::new))
			.bind("cwRequestIds", entries.stream().map(ActivityEntry::connectWiseRequestId).toArray(String[]::new))
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
	 * What the claim found.
	 *
	 * @param request the request
	 * @param behindEarlier true when it was put off behind an earlier request for its
	 * ticket
	 * @param tenantPaused true when it was parked because its tenant is paused
	 */
	record Claim(ClaimedRequest request, boolean behindEarlier, boolean tenantPaused) {

		boolean claimed() {
			return !this.behindEarlier && !this.tenantPaused;
		}

	}

	/**
	 * Where an attempt left a request.
	 *
	 * @param status the new status
	 * @param retryCount retries so far, including one now scheduled
	 * @param nextRetryAt when a scheduled retry is due; null for a final status, or for a
	 * request parked until its tenant's pause ends
	 * @param connectwiseId the record written, else null
	 * @param writeUnconfirmed whether a write may exist although no answer said so
	 * @param error the failure that decided it, else null
	 */
	record Result(RequestStatus status, int retryCount, Instant nextRetryAt, Long connectwiseId,
			boolean writeUnconfirmed, LastError error) {

	}

	/** {@code psa_request.last_error}, as the read API shows it. */
	record LastError(Integer httpStatus, String code, String message) {

	}

}
