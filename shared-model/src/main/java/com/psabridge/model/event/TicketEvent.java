package com.psabridge.model.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A ConnectWise service ticket was added, updated or deleted (contract §5). Published
 * persistent on {@link TicketEvents#EXCHANGE} with routing key
 * {@link TicketAction#routingKey()} and the headers {@code tenant-id} and
 * {@code event-id}. Delivery is at least once: a consumer de-duplicates on
 * {@code eventId}, which is derived from ConnectWise's {@code MessageId} and so is the
 * same however often the event is published.
 *
 * @param eventId the event's id
 * @param tenantId the product's account id
 * @param action what happened
 * @param ticketId the ConnectWise ticket id
 * @param occurredAt when ConnectWise saved the change ({@code _info.lastUpdated}); the
 * receipt time when ConnectWise gives none (deletions)
 * @param receivedAt when PSA Bridge received the callback
 * @param triggeredBy the identifier of the member whose save caused the callback
 * ({@code MemberId}), or null
 * @param selfTriggered whether that member is the tenant's own API member, i.e. the
 * change came from PSA Bridge's own writes
 * @param changedFields names of the {@link TicketSnapshot} fields that differ from the
 * last state seen of this ticket (every field given, when none was seen; empty on
 * deletion)
 * @param ticket the ticket's fields; on deletion the last state seen, or null
 */
public record TicketEvent(UUID eventId, String tenantId, TicketAction action, long ticketId, Instant occurredAt,
		Instant receivedAt, String triggeredBy, boolean selfTriggered, List<String> changedFields,
		TicketSnapshot ticket) {

	public TicketEvent {
		changedFields = (changedFields != null) ? List.copyOf(changedFields) : List.of();
	}

	/** The routing key this event is published with. */
	public String routingKey() {
		return this.action.routingKey();
	}

}
