package com.psabridge.core.connectwise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.model.request.TimeEntry;

/**
 * ConnectWise's {@code TimeEntry} as PSA Bridge posts it to {@code /time/entries}:
 * charged to a service ticket, times in UTC with the rounded end.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TimeEntryBody(long chargeToId, String chargeToType, MemberReference member, String timeStart, String timeEnd,
		String notes, Reference workType, String billableOption) {

	record Reference(int id) {

	}

	static TimeEntryBody of(TimeEntry entry, MemberMapping worker) {
		return new TimeEntryBody(entry.ticketId(), "ServiceTicket", MemberReference.of(worker),
				ConnectWiseDates.format(entry.timeStart()), ConnectWiseDates.format(entry.billedEnd()), entry.notes(),
				(entry.workTypeId() != null) ? new Reference(entry.workTypeId()) : null,
				(entry.billableOption() != null) ? entry.billableOption().connectWiseName() : null);
	}

}
