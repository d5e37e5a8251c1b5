package com.psabridge.webhook.event;

import java.time.Instant;

import com.psabridge.model.event.TicketSnapshot;

/**
 * The last state seen of a ticket ({@code psa_ticket_snapshot}).
 *
 * @param lastUpdated its {@code _info.lastUpdated}, or null when never given
 * @param deleted whether a deletion was seen
 * @param snapshot its fields, or null when only a deletion was seen
 */
public record PriorTicket(Instant lastUpdated, boolean deleted, TicketSnapshot snapshot) {

}
