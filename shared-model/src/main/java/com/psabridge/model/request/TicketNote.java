package com.psabridge.model.request;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A note to add to a ConnectWise service ticket, optionally followed by a status change.
 *
 * @param ticketId the ConnectWise service ticket id
 * @param text the note's text
 * @param noteType the note section it goes to
 * @param visibility who may see it
 * @param userId the product user who wrote it; mapped to a ConnectWise member
 * @param statusId the ticket status to set after the note, or {@code null}
 * @param reference the caller's own id, echoed back, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketNote(long ticketId, String text, NoteType noteType, NoteVisibility visibility, String userId,
		Integer statusId, String reference) {

	public boolean changesStatus() {
		return this.statusId != null;
	}

}
