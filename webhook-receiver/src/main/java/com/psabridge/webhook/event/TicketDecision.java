package com.psabridge.webhook.event;

import com.psabridge.model.event.TicketEvent;

/**
 * What a ticket callback comes to: an event to emit, or why there is none, and how the
 * ticket's snapshot changes.
 *
 * @param event the event, or null
 * @param reason why there is no event, or null
 * @param snapshot the snapshot to store, or null to leave it as it is
 */
public record TicketDecision(TicketEvent event, String reason, PriorTicket snapshot) {

	public boolean emits() {
		return this.event != null;
	}

}
