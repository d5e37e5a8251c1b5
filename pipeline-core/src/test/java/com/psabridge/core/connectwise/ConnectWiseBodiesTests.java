package com.psabridge.core.connectwise;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import com.psabridge.model.request.BillableOption;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.Rounding;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request bodies PSA Bridge sends, against contract §1 and ConnectWise's schemas.
 */
class ConnectWiseBodiesTests {

	private static final MemberMapping JDOE = new MemberMapping("u-42", 151, "jdoe", MatchedBy.MANUAL);

	private final ObjectMapper json = new ObjectMapper();

	@ParameterizedTest
	@CsvSource({ "DESCRIPTION, true, false, false", "INTERNAL_ANALYSIS, false, true, false",
			"RESOLUTION, false, false, true" })
	void noteTypeSetsExactlyOneSectionFlag(NoteType type, boolean detail, boolean internalAnalysis,
			boolean resolution) {
		JsonNode body = this.json.valueToTree(
				ServiceNote.of(new TicketNote(1, "t", type, NoteVisibility.INTERNAL, "u-42", null, null), JDOE));
		assertThat(body.get("detailDescriptionFlag").asBoolean()).isEqualTo(detail);
		assertThat(body.get("internalAnalysisFlag").asBoolean()).isEqualTo(internalAnalysis);
		assertThat(body.get("resolutionFlag").asBoolean()).isEqualTo(resolution);
	}

	@ParameterizedTest
	@CsvSource({ "INTERNAL, true, false", "INTERNAL_AND_EXTERNAL, true, true" })
	void visibilitySetsInternalAndExternalFlags(NoteVisibility visibility, boolean internal, boolean external) {
		JsonNode body = this.json.valueToTree(
				ServiceNote.of(new TicketNote(1, "t", NoteType.RESOLUTION, visibility, "u-42", null, null), JDOE));
		assertThat(body.get("internalFlag").asBoolean()).isEqualTo(internal);
		assertThat(body.get("externalFlag").asBoolean()).isEqualTo(external);
	}

	@Test
	void noteNamesTheMappedMemberById() {
		JsonNode body = this.json.valueToTree(ServiceNote
			.of(new TicketNote(1, "t", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", null, null), JDOE));
		assertThat(body.get("member").toString()).isEqualTo("{\"id\":151}");
		assertThat(body.get("text").asText()).isEqualTo("t");
	}

	@Test
	void noteOfAnUnmappedUserLeavesMemberOutSoConnectWiseUsesTheApiMember() {
		JsonNode body = this.json.valueToTree(ServiceNote
			.of(new TicketNote(1, "t", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", null, null), null));
		assertThat(body.has("member")).isFalse();
	}

	@Test
	void timeEntryIsChargedToTheServiceTicketWithTheRoundedEndInUtc() {
		TimeEntry entry = new TimeEntry(12345, "u-42", Instant.parse("2026-11-22T14:00:00.250Z"),
				Instant.parse("2026-11-22T14:37:00Z"), Rounding.QUARTER_HOUR, "Troubleshooting", 3,
				BillableOption.NO_CHARGE, "ref");
		JsonNode body = this.json.valueToTree(TimeEntryBody.of(entry, JDOE));
		assertThat(body.get("chargeToId").asLong()).isEqualTo(12345);
		assertThat(body.get("chargeToType").asText()).isEqualTo("ServiceTicket");
		assertThat(body.get("member").get("id").asInt()).isEqualTo(151);
		assertThat(body.get("timeStart").asText()).isEqualTo("2026-11-22T14:00:00Z");
		assertThat(body.get("timeEnd").asText()).isEqualTo("2026-11-22T14:45:00Z");
		assertThat(body.get("workType").get("id").asInt()).isEqualTo(3);
		assertThat(body.get("billableOption").asText()).isEqualTo("NoCharge");
		assertThat(body.get("notes").asText()).isEqualTo("Troubleshooting");
	}

	@Test
	void timeEntryLeavesOptionalFieldsOutForConnectWiseDefaults() {
		TimeEntry entry = new TimeEntry(1, "u", Instant.parse("2026-11-22T14:00:00Z"),
				Instant.parse("2026-11-22T14:10:00Z"), Rounding.EXACT, null, null, null, null);
		JsonNode body = this.json.valueToTree(TimeEntryBody.of(entry, JDOE));
		assertThat(body.has("workType")).isFalse();
		assertThat(body.has("billableOption")).isFalse();
		assertThat(body.has("notes")).isFalse();
		assertThat(body.get("timeEnd").asText()).isEqualTo("2026-11-22T14:10:00Z");
	}

}
