package com.psabridge.simulator;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeEntryTests extends SimulatorTests {

	@Test
	void storesATimeEntryAndComputesTheHours() {
		HttpResponse<String> response = calls.post("/time/entries",
				"{\"chargeToId\":123,\"chargeToType\":\"ServiceTicket\",\"member\":{\"identifier\":\"jdoe\"},"
						+ "\"workType\":{\"name\":\"Remote\"},\"timeStart\":\"2026-11-22T14:00:00Z\","
						+ "\"timeEnd\":\"2026-11-22T15:30:00Z\",\"notes\":\"Replaced the disk\"}");

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode entry = ConnectWiseCalls.json(response);
		assertThat(entry.get("id").asLong()).isPositive();
		assertThat(entry.get("chargeToId").asInt()).isEqualTo(123);
		assertThat(entry.get("chargeToType").asText()).isEqualTo("ServiceTicket");
		assertThat(entry.get("member").get("id").asInt()).isEqualTo(151);
		assertThat(entry.get("timeStart").asText()).isEqualTo("2026-11-22T14:00:00Z");
		assertThat(entry.get("timeEnd").asText()).isEqualTo("2026-11-22T15:30:00Z");
		assertThat(entry.get("actualHours").asDouble()).isEqualTo(1.5);
		assertThat(entry.get("billableOption").asText()).isEqualTo("Billable");
		assertThat(entry.get("workType").get("name").asText()).isEqualTo("Remote");
		assertThat(entry.get("notes").asText()).isEqualTo("Replaced the disk");
		assertThat(entry.get("ticket").get("id").asLong()).isEqualTo(123);
		assertThat(entry.get("dateEntered").asText()).endsWith("Z");
		assertThat(entry.get("_info").get("lastUpdated").asText()).endsWith("Z");
		assertThat(simulator.timeEntries()).containsExactly(entry);
	}

	@Test
	void derivesTheEndFromActualHours() {
		JsonNode entry = ConnectWiseCalls.json(calls.post("/time/entries",
				"{\"chargeToId\":9,\"member\":{\"id\":152},\"timeStart\":\"2026-11-22T14:00:00Z\",\"actualHours\":0.25,"
						+ "\"billableOption\":\"DoNotBill\"}"));

		assertThat(entry.get("chargeToType").asText()).isEqualTo("ServiceTicket");
		assertThat(entry.get("timeEnd").asText()).isEqualTo("2026-11-22T14:15:00Z");
		assertThat(entry.get("billableOption").asText()).isEqualTo("DoNotBill");
	}

	@Test
	void findsTimeEntriesByTicketMemberAndStart() {
		calls.post("/time/entries", "{\"chargeToId\":123,\"chargeToType\":\"ServiceTicket\",\"member\":{\"id\":151},"
				+ "\"timeStart\":\"2026-11-22T14:00:00Z\",\"timeEnd\":\"2026-11-22T15:00:00Z\"}");
		calls.post("/time/entries", "{\"chargeToId\":123,\"chargeToType\":\"ServiceTicket\",\"member\":{\"id\":152},"
				+ "\"timeStart\":\"2026-11-22T14:00:00Z\",\"timeEnd\":\"2026-11-22T15:00:00Z\"}");
		calls.post("/time/entries", "{\"chargeToId\":123,\"chargeToType\":\"ServiceTicket\",\"member\":{\"id\":151},"
				+ "\"timeStart\":\"2026-11-22T16:00:00Z\",\"timeEnd\":\"2026-11-22T17:00:00Z\"}");

		HttpResponse<String> response = calls.get("/time/entries?conditions=" + URLEncoder
			.encode("chargeToId=123 and member/id=151 and timeStart=[2026-11-22T14:00:00Z]", StandardCharsets.UTF_8));
		JsonNode later = ConnectWiseCalls.json(calls.get("/time/entries?conditions="
				+ URLEncoder.encode("timeStart >= [2026-11-22T15:00:00Z]", StandardCharsets.UTF_8)));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ConnectWiseCalls.json(response)).singleElement().satisfies((entry) -> {
			assertThat(entry.get("member").get("id").asInt()).isEqualTo(151);
			assertThat(entry.get("timeStart").asText()).isEqualTo("2026-11-22T14:00:00Z");
		});
		assertThat(later).singleElement()
			.satisfies((entry) -> assertThat(entry.get("timeStart").asText()).isEqualTo("2026-11-22T16:00:00Z"));
	}

	@Test
	void rejectsATimeEntryWithoutTimeStartLikeConnectWise() {
		HttpResponse<String> response = calls.post("/time/entries",
				"{\"chargeToId\":123,\"chargeToType\":\"ServiceTicket\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"code\":\"InvalidObject\",\"message\":\"timeEntry object is invalid\","
				+ "\"errors\":[{\"code\":\"MissingRequiredField\",\"message\":\"The timeStart field is required.\","
				+ "\"resource\":\"timeEntry\",\"field\":\"timeStart\"}]}");
		assertThat(simulator.timeEntries()).isEmpty();
	}

	@Test
	void rejectsATimeEntryOnAMissingTicket() {
		simulator.removeTicket(999);

		HttpResponse<String> response = calls.post("/time/entries",
				"{\"chargeToId\":999,\"chargeToType\":\"ServiceTicket\",\"timeStart\":\"2026-11-22T14:00:00Z\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = ConnectWiseCalls.json(response).get("errors").get(0);
		assertThat(error.get("code").asText()).isEqualTo("NotFound");
		assertThat(error.get("field").asText()).isEqualTo("chargeToId");
	}

}
