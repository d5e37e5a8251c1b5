package com.psabridge.model.event;

import java.util.Locale;

/**
 * What happened to the ticket, as ConnectWise's callback {@code Action} says; each has
 * its own routing key on {@code psa.ticket-events}.
 */
public enum TicketAction {

	ADDED, UPDATED, DELETED;

	/**
	 * The routing key: {@code ticket.added}, {@code ticket.updated} or
	 * {@code ticket.deleted}.
	 */
	public String routingKey() {
		return "ticket." + name().toLowerCase(Locale.ROOT);
	}

}
