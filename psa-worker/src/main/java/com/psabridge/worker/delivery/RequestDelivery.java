package com.psabridge.worker.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.connectwise.CallOutcome;
import com.psabridge.core.connectwise.CallOutcome.Result;
import com.psabridge.core.connectwise.ConnectWiseClient;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantPauses;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import com.psabridge.worker.delivery.DeliveryProperties.UnmappedNoteAuthor;
import com.psabridge.worker.delivery.RequestStore.LastError;
import com.psabridge.worker.metrics.DeliveryMetrics;
import com.psabridge.worker.metrics.RequestLogContext;
import com.psabridge.worker.retry.RetrySchedule;
import com.psabridge.worker.site.SiteGuard;
import com.psabridge.worker.site.SiteGuards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.stereotype.Service;

/**
 * Delivers one request: claims it, passes its tenant's site protection, writes it to
 * ConnectWise at most once, and leaves it SUCCEEDED, RETRY_SCHEDULED or DEAD_LETTERED
 * with every call in the activity log.
 */
@Service
public class RequestDelivery {

	private static final Logger logger = LoggerFactory.getLogger(RequestDelivery.class);

	private static final Duration UNKNOWN_REQUEST_RECHECK = Duration.ofSeconds(1);

	private final RequestStore store;

	private final TenantDirectory tenants;

	private final TenantPauses pauses;

	private final ConnectWiseClient connectWise;

	private final SiteGuards siteGuards;

	private final RetrySchedule retrySchedule;

	private final DeliveryProperties properties;

	private final ObjectMapper json;

	private final DeliveryMetrics metrics;

	RequestDelivery(RequestStore store, TenantDirectory tenants, TenantPauses pauses, ConnectWiseClient connectWise,
			SiteGuards siteGuards, RetrySchedule retrySchedule, DeliveryProperties properties, ObjectMapper json,
			DeliveryMetrics metrics) {
		this.store = store;
		this.tenants = tenants;
		this.pauses = pauses;
		this.connectWise = connectWise;
		this.siteGuards = siteGuards;
		this.retrySchedule = retrySchedule;
		this.properties = properties;
		this.json = json;
		this.metrics = metrics;
	}

	/**
	 * Delivers the request if it is QUEUED. A request that is already delivered or being
	 * delivered elsewhere (a duplicate message) is left alone; an unknown request id is a
	 * poison message and is rejected to {@code psa.requests.dead}.
	 */
	public Mono<Void> deliver(UUID requestId) {
		return this.store.claim(requestId, this.properties.ticketOrderWait().toMillis() / 1000.0)
			// Otherwise the claim's statement (its SQL tokenized by the driver,
			// ~15 KB) stays reachable from the delivery until it ends, past the
			// ConnectWise call: with a few hundred deliveries in flight, megabytes
			// that each young collection promotes (docs/benchmarks.md).
			.onTerminateDetach()
			.flatMap((claim) -> claim.claimed() ? deliverClaimed(claim.request()) : Mono.empty())
			.switchIfEmpty(Mono.defer(() -> this.store.exists(requestId)
				// A message can overtake the commit of its row by a hair: look once more
				// before calling it poison.
				.flatMap((known) -> known ? Mono.just(true)
						: Mono.delay(UNKNOWN_REQUEST_RECHECK).then(this.store.exists(requestId)))
				.flatMap((known) -> known ? Mono.empty()
						: Mono.error(new AmqpRejectAndDontRequeueException("Unknown request " + requestId)))))
			.then();
	}

	private Mono<Void> deliverClaimed(ClaimedRequest request) {
		return this.tenants.connection(request.tenantId(), request.connectionVersion())
			.flatMap((connection) -> connection.isPresent() ? guarded(request, connection.get())
					: finish(request, deadLetter(request, "NotConnected", "Tenant " + request.tenantId()
							+ " has no ConnectWise connection: PUT /v1/tenants/{tenantId}/connection, then replay")
						.result()));
	}

	/** Passes the tenant's site protection around the ConnectWise calls. */
	private Mono<Void> guarded(ClaimedRequest request, TenantConnection connection) {
		SiteGuard guard = this.siteGuards.forTenant(request.tenantId());
		return guard.admit().flatMap((admission) -> {
			if (!admission.admitted()) {
				return RequestLogContext
					.log(() -> logger.debug("Put off until {}: {}", admission.retryAt(), admission.reason()))
					.then(this.store.putOff(request, admission.retryAt()));
			}
			CallOutcome[] lastCall = new CallOutcome[1];
			Mono<Attempt> attempt = guard.needsProbe() ? probeThenWrite(request, connection, guard)
					: write(request, connection);
			return attempt.doOnNext((done) -> lastCall[0] = done.lastCall())
				.flatMap((done) -> pauseIfDenied(request, done).then(finish(request, done.result())))
				.doFinally((signal) -> guard.release(lastCall[0]));
		});
	}

	/**
	 * After an outage, a cheap {@code GET /system/info} decides whether to risk the
	 * write. A probe that fails transiently reopens the breaker and puts the request off
	 * until the next probe: it was not an attempt at the write, so it burns no retry.
	 */
	private Mono<Attempt> probeThenWrite(ClaimedRequest request, TenantConnection connection, SiteGuard guard) {
		return this.connectWise.systemInfo(connection).flatMap((probe) -> {
			request.record(ActivityEntry.call("PROBE_SYSTEM_INFO", probe));
			if (probe.result() == Result.TRANSIENT_FAILURE) {
				LastError error = new LastError(probe.httpStatus(), probe.errorCode(), probe.errorMessage());
				return Mono.just(new Attempt(new RequestStore.Result(RequestStatus.RETRY_SCHEDULED,
						request.retryCount(), guard.whenOpenEnds(), null, request.writeUnconfirmed(), error), probe));
			}
			if (!probe.succeeded()) {
				return Mono.just(failed(request, probe, false));
			}
			return write(request, connection).map((done) -> (done.lastCall() != null) ? done : done.after(probe));
		});
	}

	private Mono<Attempt> write(ClaimedRequest request, TenantConnection connection) {
		return Mono.defer(() -> switch (request.kind()) {
			case TICKET_NOTE -> deliverNote(request, connection, read(request, TicketNote.class));
			case TIME_ENTRY -> deliverTimeEntry(request, connection, read(request, TimeEntry.class));
		})
			.onErrorResume(UnreadablePayloadException.class,
					(ex) -> Mono.just(deadLetter(request, "UnreadablePayload", ex.getMessage())));
	}

	private Mono<Attempt> deliverNote(ClaimedRequest request, TenantConnection connection, TicketNote note) {
		if (request.connectwiseId() != null) {
			// The note went in on an earlier attempt; only its status change is left.
			return changeStatus(request, connection, note, request.connectwiseId());
		}
		return author(request, note.userId()).flatMap((author) -> {
			if (author.mapping() == null && this.properties.unmappedNoteAuthor() == UnmappedNoteAuthor.DEAD_LETTER) {
				return Mono.just(deadLetter(request, "MemberNotMapped", unmappedMessage(note.userId())));
			}
			Mono<Void> decision = (author.mapping() != null) ? Mono.empty()
					: Mono.fromRunnable(
							() -> request.record(ActivityEntry.decision("MEMBER_UNMAPPED", "POSTED_AS_API_MEMBER",
									unmappedMessage(note.userId()) + "; the note is posted as the API member")));
			Mono<CallOutcome> existing = request.writeUnconfirmed()
					? lookUp(request, "FIND_NOTE",
							this.connectWise.findTicketNote(connection, note, author.mapping(), request.acceptedAt()))
					: Mono.just(notLookedUp());
			return decision.then(existing).flatMap((found) -> {
				if (!found.succeeded()) {
					return Mono.just(failed(request, found, true));
				}
				if (found.recordId() != null) {
					return afterNote(request, connection, note, found.recordId());
				}
				return this.connectWise.postTicketNote(connection, note, author.mapping())
					.flatMap((call) -> logged(request, "POST_NOTE", call))
					.flatMap((call) -> (call.succeeded() && call.recordId() != null)
							? afterNote(request, connection, note, call.recordId())
							: Mono.just(failed(request, call, call.outcomeUnknown())));
			});
		});
	}

	private Mono<Attempt> afterNote(ClaimedRequest request, TenantConnection connection, TicketNote note, long noteId) {
		if (!note.changesStatus()) {
			return Mono.just(succeeded(request, noteId));
		}
		return this.store.recordCreated(request, noteId).then(changeStatus(request, connection, note, noteId));
	}

	private Mono<Attempt> changeStatus(ClaimedRequest request, TenantConnection connection, TicketNote note,
			long noteId) {
		// Replacing the status is idempotent: a retry after an unknown outcome simply
		// repeats it.
		return this.connectWise.changeTicketStatus(connection, note.ticketId(), note.statusId())
			.flatMap((call) -> logged(request, "PATCH_STATUS", call))
			.map((call) -> call.succeeded() ? succeeded(request, noteId).after(call) : failed(request, call, false));
	}

	private Mono<Attempt> deliverTimeEntry(ClaimedRequest request, TenantConnection connection, TimeEntry entry) {
		return author(request, entry.userId()).flatMap((worker) -> {
			if (worker.mapping() == null) {
				return Mono.just(deadLetter(request, "MemberNotMapped",
						unmappedMessage(entry.userId()) + "; time is never billed to the API member"));
			}
			Mono<CallOutcome> existing = request.writeUnconfirmed()
					? lookUp(request, "FIND_TIME_ENTRY",
							this.connectWise.findTimeEntry(connection, entry, worker.mapping()))
					: Mono.just(notLookedUp());
			return existing.flatMap((found) -> {
				if (!found.succeeded()) {
					return Mono.just(failed(request, found, true));
				}
				if (found.recordId() != null) {
					return Mono.just(succeeded(request, found.recordId()));
				}
				return this.connectWise.postTimeEntry(connection, entry, worker.mapping())
					.flatMap((call) -> logged(request, "POST_TIME_ENTRY", call))
					.map((call) -> (call.succeeded() && call.recordId() != null)
							? succeeded(request, call.recordId()).after(call)
							: failed(request, call, call.outcomeUnknown()));
			});
		});
	}

	/**
	 * Logs a look-up for an earlier write as FOUND_EXISTING or NOT_FOUND (or its
	 * failure).
	 */
	private Mono<CallOutcome> lookUp(ClaimedRequest request, String action, Mono<CallOutcome> search) {
		return search.flatMap((call) -> {
			ActivityEntry entry = ActivityEntry.call(action, call);
			if (call.succeeded()) {
				entry = entry.withOutcome((call.recordId() != null) ? "FOUND_EXISTING" : "NOT_FOUND");
			}
			request.record(entry);
			return Mono.just(call);
		});
	}

	private Mono<CallOutcome> logged(ClaimedRequest request, String action, CallOutcome call) {
		request.record(ActivityEntry.call(action, call));
		return Mono.just(call);
	}

	private Mono<Author> author(ClaimedRequest request, String userId) {
		return this.tenants.mapping(request.tenantId(), userId).map((mapping) -> new Author(mapping.orElse(null)));
	}

	private Mono<Void> finish(ClaimedRequest request, RequestStore.Result result) {
		return this.store.finish(request, result)
			.doOnSuccess((done) -> this.metrics.finished(request.kind(), result.status(),
					result.retryCount() > request.retryCount(), request.acceptedAt()));
	}

	private Attempt succeeded(ClaimedRequest request, long connectwiseId) {
		return new Attempt(new RequestStore.Result(RequestStatus.SUCCEEDED, request.retryCount(), null, connectwiseId,
				false, null), null);
	}

	/**
	 * A failed call decides the request's next status. {@code mayExist} says the write
	 * may have been stored although no answer said so, so the next attempt looks for it
	 * first.
	 */
	private Attempt failed(ClaimedRequest request, CallOutcome call, boolean mayExist) {
		LastError error = new LastError(call.httpStatus(), call.errorCode(), call.errorMessage());
		boolean unconfirmed = mayExist || request.writeUnconfirmed();
		RequestStore.Result result = switch (call.result()) {
			case PERMANENT_FAILURE -> new RequestStore.Result(RequestStatus.DEAD_LETTERED, request.retryCount(), null,
					null, unconfirmed, error);
			// Parked (no time) without burning a retry until an admin fixes the keys or
			// the role.
			case ACCESS_DENIED -> new RequestStore.Result(RequestStatus.RETRY_SCHEDULED, request.retryCount(), null,
					null, unconfirmed, error);
			default -> {
				Instant next = this.retrySchedule.nextAttemptAt(request.retryCount(), call.retryAfter(), Instant.now());
				yield (next != null)
						? new RequestStore.Result(RequestStatus.RETRY_SCHEDULED, request.retryCount() + 1, next, null,
								unconfirmed, error)
						: new RequestStore.Result(RequestStatus.DEAD_LETTERED, request.retryCount(), null, null,
								unconfirmed, withExhausted(error));
			}
		};
		return new Attempt(result, call);
	}

	/**
	 * 401/403: the tenant is paused before its request is parked, so no other delivery
	 * burns a retry.
	 */
	private Mono<Void> pauseIfDenied(ClaimedRequest request, Attempt attempt) {
		CallOutcome call = attempt.lastCall();
		if (call == null || call.result() != Result.ACCESS_DENIED) {
			return Mono.empty();
		}
		String reason = "ConnectWise answered " + call.httpStatus() + " " + call.errorCode() + ": "
				+ call.errorMessage();
		request.record(ActivityEntry.decision("TENANT_PAUSED", "PAUSED", reason));
		return RequestLogContext.log(() -> logger.warn("Pausing tenant {}: {}", request.tenantId(), reason))
			.then(this.pauses.pause(request.tenantId(), reason));
	}

	private LastError withExhausted(LastError error) {
		return new LastError(error.httpStatus(), error.code(),
				"Retries exhausted after " + (this.retrySchedule.budget() + 1) + " attempts; last: " + error.message());
	}

	private Attempt deadLetter(ClaimedRequest request, String code, String message) {
		return new Attempt(new RequestStore.Result(RequestStatus.DEAD_LETTERED, request.retryCount(), null, null,
				request.writeUnconfirmed(), new LastError(null, code, message)), null);
	}

	private static CallOutcome notLookedUp() {
		return new CallOutcome(Result.SUCCEEDED, null, null, null, null, null, false, null, Duration.ZERO, null);
	}

	private static String unmappedMessage(String userId) {
		return "User " + userId + " has no ConnectWise member mapping";
	}

	private <T> T read(ClaimedRequest request, Class<T> type) {
		try {
			return this.json.readValue(request.payload(), type);
		}
		catch (JsonProcessingException ex) {
			throw new UnreadablePayloadException(
					"Request " + request.id() + " has a payload this worker cannot read: " + ex.getOriginalMessage());
		}
	}

	/**
	 * How an attempt ended, and the last ConnectWise call it made (for the site's circuit
	 * breaker).
	 */
	private record Attempt(RequestStore.Result result, CallOutcome lastCall) {

		Attempt after(CallOutcome call) {
			return new Attempt(this.result, call);
		}

	}

	private static final class UnreadablePayloadException extends RuntimeException {

		UnreadablePayloadException(String message) {
			super(message);
		}

	}

	/** The member a request writes as; {@code mapping} is null for an unmapped user. */
	private record Author(MemberMapping mapping) {

	}

}
