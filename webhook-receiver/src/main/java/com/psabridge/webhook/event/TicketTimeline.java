package com.psabridge.webhook.event;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.psabridge.model.event.TicketAction;
import com.psabridge.model.event.TicketEvent;
import com.psabridge.model.event.TicketSnapshot;

/**
 * Decides what a ticket callback emits, given the last state seen of the ticket.
 * ConnectWise delivers callbacks at least once and in no particular order, so:
 * <ul>
 * <li>an update older ({@code _info.lastUpdated}) than the last state seen emits nothing
 * and leaves the snapshot alone (equal times are not older: ConnectWise's clock has
 * seconds only);</li>
 * <li>an addition always emits (it happens once per ticket and flow suggestions start
 * from it), but a late one does not overwrite a newer snapshot;</li>
 * <li>after a deletion, nothing more is emitted for the ticket;</li>
 * <li>{@code changedFields} lists the fields that differ from the snapshot; with no
 * snapshot, and for an addition, every field that has a value.</li>
 * </ul>
 */
public final class TicketTimeline {

	private static final RecordComponent[] FIELDS = TicketSnapshot.class.getRecordComponents();

	private TicketTimeline() {
	}

	public static TicketDecision decide(TicketCallback callback, PriorTicket prior) {
		if (prior != null && prior.deleted()) {
			return new TicketDecision(null, "the ticket was deleted before", null);
		}
		if (callback.action() == TicketAction.DELETED) {
			TicketSnapshot last = (prior != null) ? prior.snapshot() : null;
			TicketEvent event = event(callback, callback.receivedAt(), List.of(), last);
			return new TicketDecision(event, null,
					new PriorTicket((prior != null) ? prior.lastUpdated() : null, true, last));
		}
		TicketSnapshot ticket = carryInitialDescription(callback.state().ticket(), prior);
		Instant lastUpdated = callback.state().lastUpdated();
		boolean newer = prior == null || prior.lastUpdated() == null || lastUpdated == null
				|| !lastUpdated.isBefore(prior.lastUpdated());
		if (callback.action() == TicketAction.UPDATED && !newer) {
			return new TicketDecision(null, "out of order: lastUpdated " + lastUpdated
					+ " is older than the last one seen, " + prior.lastUpdated(), null);
		}
		boolean againstSnapshot = callback.action() == TicketAction.UPDATED && prior != null
				&& prior.snapshot() != null;
		List<String> changed = againstSnapshot ? changedFields(prior.snapshot(), ticket) : fieldsWithValues(ticket);
		TicketEvent event = event(callback, (lastUpdated != null) ? lastUpdated : callback.receivedAt(), changed,
				ticket);
		PriorTicket snapshot = newer
				? new PriorTicket((lastUpdated != null) ? lastUpdated : ((prior != null) ? prior.lastUpdated() : null),
						false, ticket)
				: null;
		return new TicketDecision(event, null, snapshot);
	}

	/** Names of the fields whose values differ, in the record's order. */
	public static List<String> changedFields(TicketSnapshot before, TicketSnapshot after) {
		List<String> changed = new ArrayList<>();
		for (RecordComponent field : FIELDS) {
			if (!Objects.equals(value(field, before), value(field, after))) {
				changed.add(field.getName());
			}
		}
		return changed;
	}

	static List<String> fieldsWithValues(TicketSnapshot ticket) {
		List<String> present = new ArrayList<>();
		for (RecordComponent field : FIELDS) {
			if (value(field, ticket) != null) {
				present.add(field.getName());
			}
		}
		return present;
	}

	private static TicketSnapshot carryInitialDescription(TicketSnapshot ticket, PriorTicket prior) {
		// ConnectWise never sends it again after the ticket's creation.
		if (ticket.initialDescription() != null || prior == null || prior.snapshot() == null
				|| prior.snapshot().initialDescription() == null) {
			return ticket;
		}
		return new TicketSnapshot(ticket.summary(), ticket.board(), ticket.status(), ticket.type(), ticket.subType(),
				ticket.item(), ticket.priority(), ticket.company(), ticket.contact(), ticket.owner(),
				prior.snapshot().initialDescription());
	}

	private static TicketEvent event(TicketCallback callback, Instant occurredAt, List<String> changed,
			TicketSnapshot ticket) {
		return new TicketEvent(callback.eventId(), callback.tenantId(), callback.action(), callback.ticketId(),
				occurredAt, callback.receivedAt(), callback.memberId(), callback.selfTriggered(), changed, ticket);
	}

	private static Object value(RecordComponent field, TicketSnapshot ticket) {
		try {
			return field.getAccessor().invoke(ticket);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("TicketSnapshot." + field.getName() + " is not readable", ex);
		}
	}

}
