package com.psabridge.webhook.callback;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.model.event.TicketAction;
import com.psabridge.webhook.callback.CallbackReceipt.Outcome;
import com.psabridge.webhook.connectwise.ConnectWiseReads;
import com.psabridge.webhook.connectwise.TicketState;
import com.psabridge.webhook.event.TicketCallback;
import com.psabridge.webhook.event.TicketDecision;
import com.psabridge.webhook.event.TicketEventPublisher;
import com.psabridge.webhook.event.TicketHistory;
import com.psabridge.webhook.event.TicketTimeline;
import com.psabridge.webhook.signature.CallbackSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * What happens to a callback once its token is right: parse, verify the signature (when
 * the tenant requires it), de-duplicate, store, decide and publish the ticket event.
 * <p>
 * A ticket callback is stored, its snapshot updated and its event published in one
 * transaction that holds the ticket's lock: the row is visible to the relay only once the
 * broker confirmed the event (then it is marked) or refused it (then the relay publishes
 * it later). Reads from ConnectWise happen outside the transaction. A ticket update of a
 * known ticket costs four PostgreSQL round trips: begin, lock and read the snapshot,
 * store the callback with its event and the new snapshot, commit.
 */
@Component
class CallbackIntake {

	private static final Logger logger = LoggerFactory.getLogger(CallbackIntake.class);

	private final ObjectMapper json;

	private final CallbackTenants tenants;

	private final CallbackSignatures signatures;

	private final CallbackInbox inbox;

	private final TicketHistory history;

	private final ConnectWiseReads connectWise;

	private final TicketEventPublisher publisher;

	private final TransactionalOperator transactions;

	CallbackIntake(ObjectMapper json, CallbackTenants tenants, CallbackSignatures signatures, CallbackInbox inbox,
			TicketHistory history, ConnectWiseReads connectWise, TicketEventPublisher publisher,
			TransactionalOperator transactions) {
		this.json = json;
		this.tenants = tenants;
		this.signatures = signatures;
		this.inbox = inbox;
		this.history = history;
		this.connectWise = connectWise;
		this.publisher = publisher;
		this.transactions = transactions;
	}

	Mono<CallbackReceipt> receive(String tenantId, byte[] body, String signature, String recordIdParameter) {
		CallbackEnvelope envelope;
		try {
			envelope = CallbackEnvelope.parse(this.json, body, recordIdParameter);
		}
		catch (CallbackRejected ex) {
			return Mono.error(ex);
		}
		return this.tenants.connection(tenantId)
			.switchIfEmpty(Mono.error(() -> CallbackRejected
				.unauthorized("The tenant has no ConnectWise connection to receive callbacks for.")))
			.flatMap((connection) -> verify(connection, envelope, body, signature)
				.then(Mono.defer(() -> accept(connection, envelope, body))))
			.map((outcome) -> new CallbackReceipt(envelope.messageId(), outcome));
	}

	private Mono<Void> verify(TenantConnection connection, CallbackEnvelope envelope, byte[] body, String signature) {
		if (!connection.requireSignedCallbacks()) {
			return Mono.empty();
		}
		return this.signatures.verify(connection, envelope.keyUrl(), body, signature);
	}

	private Mono<Outcome> accept(TenantConnection connection, CallbackEnvelope envelope, byte[] body) {
		Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String signature = connection.requireSignedCallbacks() ? "VERIFIED" : "NOT_REQUIRED";
		if (!envelope.isTicket()) {
			return store(connection, envelope, body, signature, receivedAt, "STORED", null, Outcome.STORED);
		}
		TicketAction action = action(envelope.action());
		if (action == null) {
			return store(connection, envelope, body, signature, receivedAt, "IGNORED",
					"Action '" + envelope.action() + "' is not added, updated or deleted", Outcome.IGNORED);
		}
		if (envelope.recordId() == null) {
			return Mono.error(CallbackRejected.malformed("A ticket callback needs the ticket's ID."));
		}
		return ticket(connection, envelope, action, body, signature, receivedAt);
	}

	private Mono<Outcome> store(TenantConnection connection, CallbackEnvelope envelope, byte[] body, String signature,
			Instant receivedAt, String outcome, String note, Outcome answer) {
		return this.inbox.insert(entry(connection, envelope, body, signature, receivedAt, outcome, note, null))
			.map((id) -> answer)
			.defaultIfEmpty(Outcome.DUPLICATE);
	}

	/**
	 * A duplicate is found by the insert itself (its transaction then writes nothing), so
	 * a duplicate of a callback whose entity is partial reads the ticket once more before
	 * it is recognised; ConnectWise repeats a callback rarely, the intake answers every
	 * callback.
	 */
	private Mono<Outcome> ticket(TenantConnection connection, CallbackEnvelope envelope, TicketAction action,
			byte[] body, String signature, Instant receivedAt) {
		long ticketId = envelope.recordId();
		List<String> notes = new CopyOnWriteArrayList<>();
		Function<TicketState, TicketCallback> callback = (state) -> new TicketCallback(
				eventId(connection.tenantId(), envelope.messageId()), connection.tenantId(), ticketId, action, state,
				envelope.memberId(), isApiMember(connection, envelope.memberId()), receivedAt);
		if (action == TicketAction.DELETED) {
			return decideStoreAndPublish(connection, envelope, body, signature, callback.apply(null), notes, false);
		}
		return complete(connection, envelope, ticketId, notes).flatMap((state) -> decideStoreAndPublish(connection,
				envelope, body, signature, callback.apply(state), notes, state.ticket().initialDescription() == null)
			.onErrorResume(NewTicket.class,
					(ex) -> describe(connection, ticketId, state, notes)
						.flatMap((described) -> decideStoreAndPublish(connection, envelope, body, signature,
								callback.apply(described), notes, false))));
	}

	/**
	 * The transaction that holds the ticket's lock: decide against the last state seen,
	 * store the callback with its event and the new snapshot (one statement), publish.
	 * The row is stored as published when the broker is expected to confirm and un-marked
	 * if it does not, so a confirmed event costs no statement after the confirm. With
	 * {@code describeIfNew}, a ticket new to us ends the transaction with
	 * {@link NewTicket}: its initial description is read from ConnectWise outside it.
	 */
	private Mono<Outcome> decideStoreAndPublish(TenantConnection connection, CallbackEnvelope envelope, byte[] body,
			String signature, TicketCallback callback, List<String> notes, boolean describeIfNew) {
		return this.history.lockAndFind(callback.tenantId(), callback.ticketId())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((prior) -> {
				if (prior.isEmpty() && describeIfNew) {
					return Mono.<Outcome>error(new NewTicket());
				}
				TicketDecision decision = TicketTimeline.decide(callback, prior.orElse(null));
				if (decision.reason() != null) {
					notes.add(decision.reason());
				}
				CallbackInbox.Entry entry = entry(connection, envelope, body, signature, callback.receivedAt(),
						decision.emits() ? "EVENT" : "STALE", notes.isEmpty() ? null : String.join("; ", notes),
						decision.event());
				boolean inline = decision.emits() && this.publisher.publishesInline();
				return this.inbox.insert(entry, decision.snapshot(), inline)
					.flatMap((id) -> !decision.emits() ? Mono.just(Outcome.STALE)
							: inline ? publish(decision, id) : Mono.just(Outcome.PENDING))
					.defaultIfEmpty(Outcome.DUPLICATE);
			})
			.as(this.transactions::transactional);
	}

	private Mono<Outcome> publish(TicketDecision decision, long inboxId) {
		return this.publisher.publishInline(decision.event())
			.flatMap((confirmed) -> confirmed ? Mono.just(Outcome.PUBLISHED)
					: this.inbox.unmark(inboxId).thenReturn(Outcome.PENDING));
	}

	/**
	 * The ticket's fields: the entity's, completed by reading the ticket when the entity
	 * is partial. The read is best effort: on failure the event carries what there is and
	 * the inbox row says why.
	 */
	private Mono<TicketState> complete(TenantConnection connection, CallbackEnvelope envelope, long ticketId,
			List<String> notes) {
		TicketState fromEntity = TicketState.of(envelope.entity());
		Mono<TicketState> read = (envelope.entity() != null && fromEntity.missingFields().isEmpty())
				? Mono.just(fromEntity)
				: this.connectWise.ticket(connection, ticketId).map(fromEntity::orElse).onErrorResume((ex) -> {
					notes.add("Ticket read from ConnectWise failed (" + ex.getMessage()
							+ "); the event has the entity's fields only");
					logger.info("Tenant {} ticket {}: read failed: {}", connection.tenantId(), ticketId,
							ex.getMessage());
					return Mono.just(fromEntity);
				});
		return read.doOnNext((state) -> {
			if (!state.missingFields().isEmpty()) {
				notes.add("Fields missing from the ticket: " + String.join(", ", state.missingFields()));
			}
		});
	}

	/**
	 * A ticket new to us gets its initial description from its first description note,
	 * because ConnectWise's ticket never has it; best effort, like the ticket read.
	 */
	private Mono<TicketState> describe(TenantConnection connection, long ticketId, TicketState state,
			List<String> notes) {
		return this.connectWise.initialDescription(connection, ticketId)
			.map(state::withInitialDescription)
			.defaultIfEmpty(state)
			.onErrorResume((ex) -> {
				notes.add("Initial description read failed (" + ex.getMessage() + ")");
				return Mono.just(state);
			});
	}

	private static CallbackInbox.Entry entry(TenantConnection connection, CallbackEnvelope envelope, byte[] body,
			String signature, Instant receivedAt, String outcome, String note,
			com.psabridge.model.event.TicketEvent event) {
		return new CallbackInbox.Entry(envelope.messageId(), connection.tenantId(), envelope.type(), envelope.action(),
				envelope.recordId(), envelope.memberId(), envelope.callbackObjectRecId(), body, signature, receivedAt,
				outcome, note, event);
	}

	private static TicketAction action(String action) {
		return switch (action) {
			case "added" -> TicketAction.ADDED;
			case "updated" -> TicketAction.UPDATED;
			case "deleted" -> TicketAction.DELETED;
			default -> null;
		};
	}

	private static boolean isApiMember(TenantConnection connection, String memberId) {
		return memberId != null && connection.apiMemberIdentifier() != null
				&& memberId.strip().equalsIgnoreCase(connection.apiMemberIdentifier().strip());
	}

	/**
	 * The same for every delivery of one message, so a consumer can de-duplicate on it
	 * even if an event was published twice (a crash between confirm and mark).
	 */
	static UUID eventId(String tenantId, String messageId) {
		return UUID
			.nameUUIDFromBytes(("connectwise-callback/" + tenantId + "/" + messageId).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Ends the transaction of a callback about a ticket we have never seen, so that its
	 * initial description is read without holding the ticket's lock.
	 */
	private static final class NewTicket extends RuntimeException {

		NewTicket() {
			super("The ticket is new: its initial description is read first", null, false, false);
		}

	}

}
