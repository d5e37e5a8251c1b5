package com.psabridge.model.request;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Time worked on a ConnectWise service ticket.
 *
 * @param ticketId the ConnectWise service ticket the time is charged to
 * @param userId the product user who worked; mapped to a ConnectWise member
 * @param timeStart when the work started (UTC)
 * @param timeEnd when the work ended (UTC), after {@code timeStart}
 * @param rounding how the duration is rounded
 * @param notes the entry's notes, or {@code null}
 * @param workTypeId the ConnectWise work type id, or {@code null} for the member's
 * default
 * @param billableOption the billable option, or {@code null} for ConnectWise's default
 * @param reference the caller's own id, echoed back, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimeEntry(long ticketId, String userId, Instant timeStart, Instant timeEnd, Rounding rounding,
		String notes, Integer workTypeId, BillableOption billableOption, String reference) {

	/** The end time sent to ConnectWise, after rounding. */
	public Instant billedEnd() {
		return this.rounding.roundedEnd(this.timeStart, this.timeEnd);
	}

}
