package com.psabridge.gateway.request;

import java.time.Duration;
import java.time.Instant;

import com.psabridge.gateway.problem.JsonFields;
import com.psabridge.model.request.BillableOption;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.Rounding;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;

/**
 * Reads the two request bodies of contract §1, field by field, into the records that are
 * stored and delivered. The bounds are what ConnectWise and the schema can take.
 */
final class RequestPayloads {

	static final int MAX_NOTE_TEXT = 50_000;

	static final int MAX_TIME_ENTRY_NOTES = 10_000;

	static final Duration MAX_TIME_ENTRY = Duration.ofHours(24);

	private RequestPayloads() {
	}

	static TicketNote ticketNote(JsonFields fields) {
		Long ticketId = fields.requiredInteger("ticketId", 1, Long.MAX_VALUE);
		String text = fields.requiredText("text", MAX_NOTE_TEXT);
		NoteType noteType = fields.requiredEnum("noteType", NoteType.class);
		NoteVisibility visibility = fields.requiredEnum("visibility", NoteVisibility.class);
		String userId = fields.requiredText("userId", 128);
		Long statusId = fields.optionalInteger("statusId", 1, Integer.MAX_VALUE);
		String reference = fields.optionalText("reference", 255);
		fields.validate();
		return new TicketNote(ticketId, text, noteType, visibility, userId,
				(statusId != null) ? statusId.intValue() : null, reference);
	}

	static TimeEntry timeEntry(JsonFields fields) {
		Long ticketId = fields.requiredInteger("ticketId", 1, Long.MAX_VALUE);
		String userId = fields.requiredText("userId", 128);
		Instant timeStart = fields.requiredInstant("timeStart");
		Instant timeEnd = fields.requiredInstant("timeEnd");
		Rounding rounding = fields.requiredEnum("rounding", Rounding.class);
		String notes = fields.optionalText("notes", MAX_TIME_ENTRY_NOTES);
		Long workTypeId = fields.optionalInteger("workTypeId", 1, Integer.MAX_VALUE);
		BillableOption billableOption = fields.optionalChoice("billableOption", BillableOption.values(),
				BillableOption::connectWiseName);
		String reference = fields.optionalText("reference", 255);
		if (timeStart != null && timeEnd != null) {
			if (!timeEnd.isAfter(timeStart)) {
				fields.reject("timeEnd", "must be after timeStart");
			}
			else if (Duration.between(timeStart, timeEnd).compareTo(MAX_TIME_ENTRY) > 0) {
				fields.reject("timeEnd", "must be at most 24 hours after timeStart");
			}
		}
		fields.validate();
		return new TimeEntry(ticketId, userId, timeStart, timeEnd, rounding, notes,
				(workTypeId != null) ? workTypeId.intValue() : null, billableOption, reference);
	}

}
