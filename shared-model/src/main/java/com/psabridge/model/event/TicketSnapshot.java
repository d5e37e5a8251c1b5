package com.psabridge.model.event;

/**
 * The fields of a service ticket that flow suggestions need, normalised from
 * ConnectWise's ticket. A field ConnectWise did not give is null (an unassigned ticket
 * has no owner); every key is always present.
 *
 * @param summary the ticket's summary (its title)
 * @param board the service board
 * @param status the status on that board
 * @param type the ticket type
 * @param subType the ticket subtype
 * @param item the ticket item
 * @param priority the priority
 * @param company the customer company
 * @param contact the customer contact
 * @param owner the member who owns the ticket
 * @param initialDescription the first description text of the ticket
 */
public record TicketSnapshot(String summary, TicketReference board, TicketReference status, TicketReference type,
		TicketReference subType, TicketReference item, TicketReference priority, TicketReference company,
		TicketReference contact, TicketReference owner, String initialDescription) {

}
