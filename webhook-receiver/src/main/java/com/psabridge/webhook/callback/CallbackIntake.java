package com.psabridge.webhook.callback;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
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
 * it later). Reads from ConnectWise happen before, outside the transaction.
 */
@Component
class CallbackIntake {

	private static final Logger logger = LoggerFactory.getLogger(CallbackIntake.class);

	private final ObjectMapper json;

	private final TenantConnectionRepository connections;

	private final CallbackSignatures signatures;

	private final CallbackInbox inbox;

	private final TicketHistory history;

	private final ConnectWiseReads connectWise;

	private final TicketEventPublisher publisher;

	private final TransactionalOperator transactions;

	CallbackIntake(ObjectMapper json, TenantConnectionRepository connections, CallbackSignatures signatures,
			CallbackInbox inbox, TicketHistory history, ConnectWiseReads connectWise, TicketEventPublisher publisher,
			TransactionalOperator transactions) {
		this.json = json;
		this.connections = connections;
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
		return this.connections.findByTenantId(tenantId)
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
		return this.inbox.contains(envelope.messageId())
			.flatMap((known) -> known ? Mono.just(Outcome.DUPLICATE)
					: ticket(connection, envelope, action, body, signature, receivedAt));
	}

	private Mono<Outcome> store(TenantConnection connection, CallbackEnvelope envelope, byte[] body, String signature,
			Instant receivedAt, String outcome, String note, Outcome answer) {
		return this.inbox.insert(entry(connection, envelope, body, signature, receivedAt, outcome, note, null))
			.map((id) -> answer)
			.defaultIfEmpty(Outcome.DUPLICATE);
	}

	private Mono<Outcome> ticket(TenantConnection connection, CallbackEnvelope envelope, TicketAction action,
			byte[] body, String signature, Instant receivedAt) {
		long ticketId = envelope.recordId();
		List<String> notes = new CopyOnWriteArrayList<>();
		Mono<Optional<TicketState>> state = (action == TicketAction.DELETED) ? Mono.just(Optional.empty())
				: complete(connection, envelope, ticketId, notes).map(Optional::of);
		return state.flatMap((known) -> {
			TicketCallback callback = new TicketCallback(eventId(connection.tenantId(), envelope.messageId()),
					connection.tenantId(), ticketId, action, known.orElse(null), envelope.memberId(),
					isApiMember(connection, envelope.memberId()), receivedAt);
			return decideStoreAndPublish(connection, envelope, body, signature, callback, notes);
		});
	}

	private Mono<Outcome> decideStoreAndPublish(TenantConnection connection, CallbackEnvelope envelope, byte[] body,
			String signature, TicketCallback callback, List<String> notes) {
		return this.history.lockAndFind(callback.tenantId(), callback.ticketId())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((prior) -> {
				TicketDecision decision = TicketTimeline.decide(callback, prior.orElse(null));
				if (decision.reason() != null) {
					notes.add(decision.reason());
				}
				CallbackInbox.Entry entry = entry(connection, envelope, body, signature, callback.receivedAt(),
						decision.emits() ? "EVENT" : "STALE", notes.isEmpty() ? null : String.join("; ", notes),
						decision.event());
				return this.inbox.insert(entry)
					.flatMap((id) -> ((decision.snapshot() != null)
							? this.history.save(callback.tenantId(), callback.ticketId(), decision.snapshot())
							: Mono.<Void>empty())
						.then(decision.emits() ? publish(decision, id) : Mono.just(Outcome.STALE)))
					.defaultIfEmpty(Outcome.DUPLICATE);
			})
			.as(this.transactions::transactional);
	}

	private Mono<Outcome> publish(TicketDecision decision, long inboxId) {
		return this.publisher.publishInline(decision.event())
			.flatMap((confirmed) -> confirmed ? this.inbox.markPublished(inboxId).thenReturn(Outcome.PUBLISHED)
					: Mono.just(Outcome.PENDING));
	}

	/**
	 * The ticket's fields: the entity's, completed by reading the ticket when the entity
	 * is partial, and by its first description when the ticket is new to us. Reads are
	 * best effort: on failure the event carries what there is and the inbox row says why.
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
		return read.flatMap((state) -> {
			if (!state.missingFields().isEmpty()) {
				notes.add("Fields missing from the ticket: " + String.join(", ", state.missingFields()));
			}
			if (state.ticket().initialDescription() != null) {
				return Mono.just(state);
			}
			return this.history.find(connection.tenantId(), ticketId)
				.map((prior) -> state)
				.switchIfEmpty(Mono.defer(() -> this.connectWise.initialDescription(connection, ticketId)
					.map(state::withInitialDescription)
					.defaultIfEmpty(state)
					.onErrorResume((ex) -> {
						notes.add("Initial description read failed (" + ex.getMessage() + ")");
						return Mono.just(state);
					})));
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

}
