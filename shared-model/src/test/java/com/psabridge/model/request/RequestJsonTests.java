package com.psabridge.model.request;

import java.time.Instant;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The stored payloads keep the contract's wire names (contract §1); drift here would
 * break requests already sitting in {@code psa_request.payload}.
 */
class RequestJsonTests {

	private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	@Test
	void ticketNoteReadsTheContractExample() throws Exception {
		TicketNote note = this.json.readValue("""
				{ "ticketId": 12345, "text": "Session summary ...", "noteType": "INTERNAL_ANALYSIS",
				  "visibility": "INTERNAL", "userId": "u-42", "statusId": 17, "reference": "session-9f1c" }
				""", TicketNote.class);
		assertThat(note).isEqualTo(new TicketNote(12345, "Session summary ...", NoteType.INTERNAL_ANALYSIS,
				NoteVisibility.INTERNAL, "u-42", 17, "session-9f1c"));
		assertThat(note.changesStatus()).isTrue();
	}

	@Test
	void ticketNoteWritesNoNullFields() throws Exception {
		JsonNode written = this.json.valueToTree(
				new TicketNote(1, "t", NoteType.RESOLUTION, NoteVisibility.INTERNAL_AND_EXTERNAL, "u", null, null));
		assertThat(written.has("statusId")).isFalse();
		assertThat(written.has("reference")).isFalse();
		assertThat(written.get("visibility").asText()).isEqualTo("INTERNAL_AND_EXTERNAL");
	}

	@Test
	void timeEntryReadsTheContractExample() throws Exception {
		TimeEntry entry = this.json.readValue("""
				{ "ticketId": 12345, "userId": "u-42",
				  "timeStart": "2026-11-22T14:00:00Z", "timeEnd": "2026-11-22T14:37:00Z",
				  "rounding": "QUARTER_HOUR", "notes": "Troubleshooting session", "workTypeId": 3,
				  "billableOption": "Billable", "reference": "session-9f1c" }
				""", TimeEntry.class);
		assertThat(entry.billableOption()).isEqualTo(BillableOption.BILLABLE);
		assertThat(entry.billedEnd()).isEqualTo(Instant.parse("2026-11-22T14:45:00Z"));
	}

	@Test
	void timeEntryWritesConnectWiseBillableNamesAndIsoTimes() throws Exception {
		JsonNode written = this.json.valueToTree(new TimeEntry(1, "u", Instant.parse("2026-11-22T14:00:00Z"),
				Instant.parse("2026-11-22T14:37:00Z"), Rounding.EXACT, null, null, BillableOption.DO_NOT_BILL, null));
		assertThat(written.get("billableOption").asText()).isEqualTo("DoNotBill");
		assertThat(written.get("timeStart").asText()).isEqualTo("2026-11-22T14:00:00Z");
	}

	@Test
	void unknownBillableOptionIsRejected() {
		assertThatExceptionOfType(JsonMappingException.class)
			.isThrownBy(() -> this.json.readValue("{\"billableOption\": \"Sometimes\"}", TimeEntry.class));
	}

}
