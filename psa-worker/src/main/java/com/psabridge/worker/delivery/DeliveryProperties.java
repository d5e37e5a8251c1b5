package com.psabridge.worker.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery decisions an operator may change.
 *
 * @param unmappedNoteAuthor what happens to a note whose user has no ConnectWise member
 * mapping: {@code API_MEMBER} posts it as the tenant's API member (ConnectWise's own
 * default, so the technician's words still reach the ticket) and logs the decision;
 * {@code DEAD_LETTER} holds it for an operator to map the user and replay. Time entries
 * of an unmapped user are always dead-lettered: time billed to the wrong member is a
 * billing error.
 */
@ConfigurationProperties("psa.delivery")
public record DeliveryProperties(@DefaultValue("API_MEMBER") UnmappedNoteAuthor unmappedNoteAuthor,
		@DefaultValue("5s") Duration ticketOrderWait) {

	public enum UnmappedNoteAuthor {

		API_MEMBER, DEAD_LETTER

	}

}
