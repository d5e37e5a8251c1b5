package com.psabridge.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminApiTests extends SimulatorTests {

	@Test
	void injectsAFaultOverHttp() {
		HttpResponse<String> injected = calls.admin("POST", "/faults",
				"{\"method\":\"POST\",\"pathRegex\":"
						+ "\"/.+/service/tickets/\\\\d+/notes\",\"times\":1,\"kind\":\"status\",\"status\":503,"
						+ "\"body\":\"{}\",\"contentType\":\"application/json\",\"retryAfter\":\"2\"}");

		HttpResponse<String> faulted = calls.post("/service/tickets/1/notes",
				"{\"text\":\"x\",\"resolutionFlag\":true}");

		assertThat(injected.statusCode()).isEqualTo(201);
		assertThat(ConnectWiseCalls.json(injected).get("kind").asText()).isEqualTo("status");
		assertThat(faulted.statusCode()).isEqualTo(503);
		assertThat(faulted.headers().firstValue("Retry-After")).hasValue("2");
	}

	@Test
	void injectsShortcutKindsAndListsPendingFaults() {
		calls.admin("POST", "/faults", "{\"pathRegex\":\".*/time/entries\",\"kind\":\"commitThenDelay\","
				+ "\"delayMillis\":100,\"times\":3}");
		calls.admin("POST", "/faults", "{\"pathRegex\":\".*\",\"kind\":\"securityError\"}");

		JsonNode pending = ConnectWiseCalls.json(calls.admin("GET", "/faults", null));

		assertThat(pending).extracting((f) -> f.get("kind").asText()).containsExactly("commitThenDelay", "status");
		assertThat(pending.get(0).get("remaining").asInt()).isEqualTo(3);
		assertThat(pending.get(1).get("status").asInt()).isEqualTo(403);
		assertThat(calls.admin("DELETE", "/faults", null).statusCode()).isEqualTo(204);
		assertThat(ConnectWiseCalls.json(calls.admin("GET", "/faults", null))).isEmpty();
	}

	@Test
	void rejectsAnUnknownFaultKindWith400() {
		HttpResponse<String> response = calls.admin("POST", "/faults", "{\"pathRegex\":\".*\",\"kind\":\"explode\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ConnectWiseCalls.json(response).get("error").asText()).contains("Unknown kind");
	}

	@Test
	void setsLatencyOverHttp() {
		HttpResponse<String> response = calls.admin("PUT", "/latency", "{\"millis\":200}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ConnectWiseCalls.json(calls.admin("GET", "/latency", null)).get("millis").asLong()).isEqualTo(200);
		long started = System.nanoTime();
		calls.get("/system/info");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void readsBackNotesTimeEntriesAndTicketsOverHttp() {
		calls.post("/service/tickets/12/notes", "{\"text\":\"x\",\"detailDescriptionFlag\":true}");
		calls.post("/time/entries", "{\"chargeToId\":12,\"timeStart\":\"2026-11-22T14:00:00Z\"}");
		calls.patch("/service/tickets/12", "[{\"op\":\"replace\",\"path\":\"status\",\"value\":{\"id\":3}}]");

		JsonNode notes = ConnectWiseCalls.json(calls.admin("GET", "/notes/12", null));
		JsonNode entries = ConnectWiseCalls.json(calls.admin("GET", "/time-entries", null));
		JsonNode ticket = ConnectWiseCalls.json(calls.admin("GET", "/tickets/12", null));
		JsonNode recorded = ConnectWiseCalls.json(calls.admin("GET", "/calls?limit=2", null));

		assertThat(notes).singleElement().satisfies((n) -> assertThat(n.get("text").asText()).isEqualTo("x"));
		assertThat(entries).singleElement().satisfies((e) -> assertThat(e.get("chargeToId").asInt()).isEqualTo(12));
		assertThat(ticket.get("statusId").asInt()).isEqualTo(3);
		assertThat(ticket.get("patches")).hasSize(1);
		assertThat(recorded).extracting((c) -> c.get("method").asText()).containsExactly("POST", "PATCH");
	}

	@Test
	void resetsOverHttpButKeepsAccounts() {
		calls.post("/service/tickets/12/notes", "{\"text\":\"x\",\"detailDescriptionFlag\":true}");
		calls.admin("PUT", "/latency", "{\"millis\":50}");

		HttpResponse<String> response = calls.admin("POST", "/reset", null);

		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(simulator.notes(12)).isEmpty();
		assertThat(simulator.calls()).isEmpty();
		assertThat(ConnectWiseCalls.json(calls.admin("GET", "/latency", null)).get("millis").asLong()).isZero();
		assertThat(calls.get("/system/members/151").statusCode()).isEqualTo(200);
	}

	@Test
	void managesTicketsMembersAndCompaniesOverHttp() {
		calls.admin("PUT", "/boards/7", "{\"statusIds\":[70,71]}");
		calls.admin("PUT", "/tickets/700", "{\"boardId\":7}");
		calls.admin("DELETE", "/tickets/701", null);
		calls.admin("POST", "/members", "{\"id\":160,\"identifier\":\"cnew\",\"email\":\"carol.new@example.com\"}");
		calls.admin("POST", "/companies", "{\"companyId\":\"other\",\"publicKey\":\"p\",\"privateKey\":\"q\"}");

		assertThat(simulator.ticketStatusId(700)).isEqualTo(70);
		assertThat(calls.get("/service/tickets/701").statusCode()).isEqualTo(404);
		assertThat(ConnectWiseCalls.json(calls.get("/system/members/160")).get("lastName").asText()).isEqualTo("New");
		assertThat(calls.send(
				calls.api("/system/info").setHeader("Authorization", ConnectWiseCalls.basic("other", "p", "q")).build())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void answersAnUnknownAdminEndpointWith404() {
		assertThat(calls.admin("GET", "/nothing", null).statusCode()).isEqualTo(404);
	}

}
