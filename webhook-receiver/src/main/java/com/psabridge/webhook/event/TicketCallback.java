package com.psabridge.webhook.event;

import java.time.Instant;
import java.util.UUID;

import com.psabridge.model.event.TicketAction;
import com.psabridge.webhook.connectwise.TicketState;

/**
 * What a ticket callback said, ready to be turned into an event.
 *
 * @param eventId the id its event gets
 * @param tenantId the tenant
 * @param ticketId the ConnectWise ticket id
 * @param action what happened
 * @param state the ticket's fields (entity, completed by a read); null on deletion
 * @param memberId who made the change ({@code MemberId}), or null
 * @param selfTriggered whether that member is the tenant's API member
 * @param receivedAt when the callback arrived
 */
public record TicketCallback(UUID eventId, String tenantId, long ticketId, TicketAction action, TicketState state,
		String memberId, boolean selfTriggered, Instant receivedAt) {

}
