package com.psabridge.model.event;

/**
 * Names of the ticket event topology and the headers every event carries. Downstream
 * consumers bind their own queues to these names (contract §4, §5): never rename them.
 */
public final class TicketEvents {

	/** Durable topic exchange the events are published to. */
	public static final String EXCHANGE = "psa.ticket-events";

	/** Binding key that matches every ticket event. */
	public static final String ALL_TICKET_EVENTS = "ticket.*";

	public static final String HEADER_TENANT_ID = "tenant-id";

	public static final String HEADER_EVENT_ID = "event-id";

	private TicketEvents() {
	}

}
