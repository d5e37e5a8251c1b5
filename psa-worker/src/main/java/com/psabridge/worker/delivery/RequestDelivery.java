package com.psabridge.worker.delivery;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.connectwise.CallOutcome;
import com.psabridge.core.connectwise.ConnectWiseClient;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMappingRepository;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import com.psabridge.worker.delivery.DeliveryProperties.UnmappedNoteAuthor;
import com.psabridge.worker.delivery.RequestStore.LastError;
import com.psabridge.worker.delivery.RequestStore.Result;
import com.psabridge.worker.retry.RetrySchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Delivers one request: claims it, writes it to ConnectWise, and leaves it SUCCEEDED,
 * RETRY_SCHEDULED or DEAD_LETTERED with every call in the activity log.
 */
@Service
public class RequestDelivery {

	private static final Logger logger = LoggerFactory.getLogger(RequestDelivery.class);

	private final RequestStore store;

	private final TenantConnectionRepository connections;

	private final MemberMappingRepository mappings;

	private final ConnectWiseClient connectWise;

	private final RetrySchedule retrySchedule;

	private final DeliveryProperties properties;

	private final ObjectMapper json;

	RequestDelivery(RequestStore store, TenantConnectionRepository connections, MemberMappingRepository mappings,
			ConnectWiseClient connectWise, RetrySchedule retrySchedule, DeliveryProperties properties,
			ObjectMapper json) {
		this.store = store;
		this.connections = connections;
		this.mappings = mappings;
		this.connectWise = connectWise;
		this.retrySchedule = retrySchedule;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Delivers the request if it is QUEUED; does nothing for a request that is already
	 * delivered, being delivered elsewhere, or unknown (a duplicate message).
	 */
	public Mono<Void> deliver(UUID requestId) {
		return this.store.claim(requestId)
			.flatMap(this::deliverClaimed)
			.switchIfEmpty(Mono.fromRunnable(
					() -> logger.debug("Request {} is not QUEUED: duplicate or stale message ignored", requestId)));
	}

	private Mono<Void> deliverClaimed(ClaimedRequest request) {
		return this.connections.findByTenantId(request.tenantId())
			.flatMap((connection) -> Mono.defer(() -> switch (request.kind()) {
				case TICKET_NOTE -> deliverNote(request, connection, read(request, TicketNote.class));
				case TIME_ENTRY -> deliverTimeEntry(request, connection, read(request, TimeEntry.class));
			}))
			.onErrorResume(UnreadablePayloadException.class,
					(ex) -> deadLetter(request, null, "UnreadablePayload", ex.getMessage()))
			.switchIfEmpty(Mono.defer(() -> deadLetter(request, null, "NotConnected",
					"Tenant " + request.tenantId()
							+ " has no ConnectWise connection: PUT /v1/tenants/{tenantId}/connection, then replay")))
			.flatMap((result) -> this.store.finish(request, result));
	}

	private Mono<Result> deliverNote(ClaimedRequest request, TenantConnection connection, TicketNote note) {
		if (request.connectwiseId() != null) {
			// The note went in on an earlier attempt; only its status change is left.
			return changeStatus(request, connection, note, request.connectwiseId());
		}
		return author(request, note.userId()).flatMap((author) -> {
			if (author.mapping() == null && this.properties.unmappedNoteAuthor() == UnmappedNoteAuthor.DEAD_LETTER) {
				return deadLetter(request, null, "MemberNotMapped", unmappedMessage(note.userId()));
			}
			Mono<Void> decision = (author.mapping() != null) ? Mono.empty()
					: this.store.log(request, ActivityEntry.decision("MEMBER_UNMAPPED", "POSTED_AS_API_MEMBER",
							unmappedMessage(note.userId()) + "; the note is posted as the API member"));
			return decision.then(this.connectWise.postTicketNote(connection, note, author.mapping()))
				.flatMap((call) -> this.store.log(request, ActivityEntry.call("POST_NOTE", call)).thenReturn(call))
				.flatMap((call) -> {
					if (!call.succeeded() || call.recordId() == null) {
						return failed(request, call);
					}
					if (!note.changesStatus()) {
						return Mono.just(succeeded(request, call.recordId()));
					}
					return this.store.recordCreated(request, call.recordId())
						.then(changeStatus(request, connection, note, call.recordId()));
				});
		});
	}

	private Mono<Result> changeStatus(ClaimedRequest request, TenantConnection connection, TicketNote note,
			long noteId) {
		return this.connectWise.changeTicketStatus(connection, note.ticketId(), note.statusId())
			.flatMap((call) -> this.store.log(request, ActivityEntry.call("PATCH_STATUS", call)).thenReturn(call))
			.flatMap((call) -> call.succeeded() ? Mono.just(succeeded(request, noteId)) : failed(request, call));
	}

	private Mono<Result> deliverTimeEntry(ClaimedRequest request, TenantConnection connection, TimeEntry entry) {
		return author(request, entry.userId()).flatMap((worker) -> {
			if (worker.mapping() == null) {
				return deadLetter(request, null, "MemberNotMapped",
						unmappedMessage(entry.userId()) + "; time is never billed to the API member");
			}
			return this.connectWise.postTimeEntry(connection, entry, worker.mapping())
				.flatMap(
						(call) -> this.store.log(request, ActivityEntry.call("POST_TIME_ENTRY", call)).thenReturn(call))
				.flatMap((call) -> (call.succeeded() && call.recordId() != null)
						? Mono.just(succeeded(request, call.recordId())) : failed(request, call));
		});
	}

	private Mono<Author> author(ClaimedRequest request, String userId) {
		return this.mappings.find(request.tenantId(), userId).map(Author::new).defaultIfEmpty(new Author(null));
	}

	private Result succeeded(ClaimedRequest request, long connectwiseId) {
		return new Result(RequestStatus.SUCCEEDED, request.retryCount(), null, connectwiseId, null);
	}

	private Mono<Result> failed(ClaimedRequest request, CallOutcome call) {
		LastError error = new LastError(call.httpStatus(), call.errorCode(), call.errorMessage());
		if (call.result() == CallOutcome.Result.PERMANENT_FAILURE) {
			return Mono.just(new Result(RequestStatus.DEAD_LETTERED, request.retryCount(), null, null, error));
		}
		Instant next = this.retrySchedule.nextAttemptAt(request.retryCount(), call.retryAfter(), Instant.now());
		if (next == null) {
			return Mono.just(new Result(RequestStatus.DEAD_LETTERED, request.retryCount(), null, null, error));
		}
		return Mono.just(new Result(RequestStatus.RETRY_SCHEDULED, request.retryCount() + 1, next, null, error));
	}

	private Mono<Result> deadLetter(ClaimedRequest request, Integer httpStatus, String code, String message) {
		return Mono.just(new Result(RequestStatus.DEAD_LETTERED, request.retryCount(), null, null,
				new LastError(httpStatus, code, message)));
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

	private static final class UnreadablePayloadException extends RuntimeException {

		UnreadablePayloadException(String message) {
			super(message);
		}

	}

	/** The member a request writes as; {@code mapping} is null for an unmapped user. */
	private record Author(MemberMapping mapping) {

	}

}
