package com.psabridge.worker.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.model.request.BillableOption;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.Rounding;
import com.psabridge.model.request.TimeEntry;
import com.psabridge.worker.WorkerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeEntryDeliveryIntegrationTests extends WorkerIntegrationTests {

	private static final Instant START = Instant.parse("2026-11-22T14:00:00Z");

	private static final Instant END = Instant.parse("2026-11-22T14:37:00Z");

	@Test
	void quarterHourRoundingBillsThirtySevenMinutesAsFortyFive() {
		JsonNode entry = deliver(Rounding.QUARTER_HOUR);
		assertThat(entry.get("timeStart").asText()).isEqualTo("2026-11-22T14:00:00Z");
		assertThat(entry.get("timeEnd").asText()).isEqualTo("2026-11-22T14:45:00Z");
		assertThat(entry.get("actualHours").asDouble()).isEqualTo(0.75);
	}

	@Test
	void halfHourRoundingBillsThirtySevenMinutesAsAnHour() {
		JsonNode entry = deliver(Rounding.HALF_HOUR);
		assertThat(entry.get("timeEnd").asText()).isEqualTo("2026-11-22T15:00:00Z");
		assertThat(entry.get("actualHours").asDouble()).isEqualTo(1.0);
	}

	@Test
	void exactKeepsTheWorkedTime() {
		JsonNode entry = deliver(Rounding.EXACT);
		assertThat(entry.get("timeEnd").asText()).isEqualTo("2026-11-22T14:37:00Z");
	}

	@Test
	void entryIsChargedToTheTicketAsTheMappedMemberWithWorkTypeAndBillableOption() {
		JsonNode entry = deliver(Rounding.EXACT);
		assertThat(entry.get("chargeToType").asText()).isEqualTo("ServiceTicket");
		assertThat(entry.get("member").get("id").asInt()).isEqualTo(JDOE);
		assertThat(entry.get("workType").get("id").asInt()).isEqualTo(3);
		assertThat(entry.get("billableOption").asText()).isEqualTo("DoNotBill");
		assertThat(entry.get("notes").asText()).isEqualTo("Troubleshooting session");
	}

	@Test
	void timeOfAnUnmappedUserIsDeadLetteredWithoutCallingConnectWise() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = accept(tenant,
				new TimeEntry(ticketId, "u-unmapped", START, END, Rounding.EXACT, null, null, null, null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.DEAD_LETTERED);

		assertThat(row.get("last_error").toString()).contains("MemberNotMapped");
		assertThat(connectWise.timeEntries()).noneMatch((e) -> e.get("chargeToId").asLong() == ticketId);
		assertThat(activity(id)).containsExactly("STATE_CHANGE:DEAD_LETTERED");
	}

	private JsonNode deliver(Rounding rounding) {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = accept(tenant, new TimeEntry(ticketId, "u-42", START, END, rounding, "Troubleshooting session", 3,
				BillableOption.DO_NOT_BILL, "session-1"));
		Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED);
		JsonNode entry = connectWise.timeEntries()
			.stream()
			.filter((e) -> e.get("chargeToId").asLong() == ticketId)
			.reduce((a, b) -> {
				throw new AssertionError("more than one time entry for ticket " + ticketId);
			})
			.orElseThrow();
		assertThat(row.get("connectwise_id")).isEqualTo(entry.get("id").asLong());
		assertThat(activity(id)).containsExactly("POST_TIME_ENTRY:SUCCEEDED", "STATE_CHANGE:SUCCEEDED");
		return entry;
	}

}
