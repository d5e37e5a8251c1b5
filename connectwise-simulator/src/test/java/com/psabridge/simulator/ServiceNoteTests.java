package com.psabridge.simulator;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNoteTests extends SimulatorTests {

	@Test
	void storesANoteAndAnswers201WithTheStoredNote() {
		HttpResponse<String> response = calls.post("/service/tickets/123/notes",
				"{\"text\":\"Disk replaced – café\",\"detailDescriptionFlag\":true,\"internalFlag\":true,"
						+ "\"member\":{\"id\":151},\"processNotifications\":false}");

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode note = ConnectWiseCalls.json(response);
		assertThat(note.get("id").asLong()).isPositive();
		assertThat(note.get("ticketId").asLong()).isEqualTo(123);
		assertThat(note.get("text").asText()).isEqualTo("Disk replaced – café");
		assertThat(note.get("detailDescriptionFlag").asBoolean()).isTrue();
		assertThat(note.get("internalAnalysisFlag").asBoolean()).isFalse();
		assertThat(note.get("resolutionFlag").asBoolean()).isFalse();
		assertThat(note.get("internalFlag").asBoolean()).isTrue();
		assertThat(note.get("member").get("id").asInt()).isEqualTo(151);
		assertThat(note.get("member").get("identifier").asText()).isEqualTo("jdoe");
		assertThat(note.get("member").get("name").asText()).isEqualTo("John Doe");
		assertThat(note.get("member").get("_info").get("member_href").asText())
			.isEqualTo(simulator.origin() + "/v4_6_release/apis/3.0/system/members/151");
		assertThat(note.get("dateCreated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(Instant.parse(note.get("dateCreated").asText())).isCloseTo(Instant.now(),
				org.assertj.core.api.Assertions.within(5, ChronoUnit.SECONDS));
		assertThat(note.get("createdBy").asText()).isEqualTo(ConnectWiseSimulator.API_MEMBER_IDENTIFIER);
		assertThat(note.get("_info").get("lastUpdated").asText()).isEqualTo(note.get("dateCreated").asText());
		assertThat(simulator.notes(123)).containsExactly(note);
	}

	@Test
	void readsBackNotesOverTheApiWithConditionsAndOrder() {
		calls.post("/service/tickets/77/notes", "{\"text\":\"first\",\"internalAnalysisFlag\":true}");
		calls.post("/service/tickets/77/notes",
				"{\"text\":\"second\",\"resolutionFlag\":true,\"member\":{\"identifier\":\"ASMITH\"}}");

		JsonNode all = ConnectWiseCalls.json(calls.get("/service/tickets/77/notes?orderBy=id%20desc"));
		JsonNode bySmith = ConnectWiseCalls.json(calls.get("/service/tickets/77/notes?conditions="
				+ URLEncoder.encode("member/identifier=\"asmith\" and resolutionFlag=true", StandardCharsets.UTF_8)));

		assertThat(all).extracting((note) -> note.get("text").asText()).containsExactly("second", "first");
		assertThat(bySmith).singleElement().satisfies((note) -> {
			assertThat(note.get("member").get("id").asInt()).isEqualTo(152);
			assertThat(note.get("member").get("name").asText()).isEqualTo("Alice Smith");
		});
		assertThat(ConnectWiseCalls.json(calls.get("/service/tickets/77/notes/count")).get("count").asInt())
			.isEqualTo(2);
	}

	@Test
	void attributesANoteWithoutMemberToTheApiMember() {
		JsonNode note = ConnectWiseCalls
			.json(calls.post("/service/tickets/5/notes", "{\"text\":\"x\",\"detailDescriptionFlag\":true}"));

		assertThat(note.get("member").get("id").asInt()).isEqualTo(ConnectWiseSimulator.API_MEMBER_ID);
		assertThat(note.get("member").get("identifier").asText()).isEqualTo("APIMember");
	}

	@Test
	void rejectsANoteWithoutTypeFlagWith400InvalidObject() {
		HttpResponse<String> response = calls.post("/service/tickets/123/notes", "{\"text\":\"no flag\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = ConnectWiseCalls.json(response);
		assertThat(body.get("code").asText()).isEqualTo("InvalidObject");
		assertThat(body.get("message").asText()).isEqualTo("serviceNote object is invalid");
		assertThat(body.get("errors").get(0).get("resource").asText()).isEqualTo("serviceNote");
		assertThat(body.get("errors").get(0).get("message").asText()).contains("detailDescriptionFlag");
		assertThat(simulator.notes(123)).isEmpty();
	}

	@Test
	void rejectsANoteForAnUnknownMemberWith400() {
		HttpResponse<String> response = calls.post("/service/tickets/123/notes",
				"{\"text\":\"x\",\"detailDescriptionFlag\":true,\"member\":{\"identifier\":\"nobody\"}}");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = ConnectWiseCalls.json(response).get("errors").get(0);
		assertThat(error.get("code").asText()).isEqualTo("NotFound");
		assertThat(error.get("field").asText()).isEqualTo("member");
		assertThat(error.get("message").asText()).isEqualTo("Member nobody not found");
	}

	@Test
	void answers404ForANoteOnAMissingTicket() {
		simulator.removeTicket(999);

		HttpResponse<String> response = calls.post("/service/tickets/999/notes",
				"{\"text\":\"x\",\"detailDescriptionFlag\":true}");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("{\"code\":\"NotFound\",\"message\":\"Ticket 999 not found\"}");
		assertThat(calls.get("/service/tickets/999").statusCode()).isEqualTo(404);
	}

	@Test
	void pagesNotesWithConnectWiseLinkHeaders() {
		for (int i = 0; i < 5; i++) {
			calls.post("/service/tickets/8/notes", "{\"text\":\"n" + i + "\",\"detailDescriptionFlag\":true}");
		}
		String conditions = URLEncoder.encode("text like \"n%\"", StandardCharsets.UTF_8);
		String base = simulator.origin() + ConnectWiseCalls.API + "/service/tickets/8/notes?conditions=" + conditions;

		HttpResponse<String> first = calls.get("/service/tickets/8/notes?conditions=" + conditions + "&pageSize=2");
		HttpResponse<String> second = calls
			.get("/service/tickets/8/notes?conditions=" + conditions + "&pageSize=2&page=2");
		HttpResponse<String> last = calls
			.get("/service/tickets/8/notes?conditions=" + conditions + "&pageSize=2&page=3");

		assertThat(ConnectWiseCalls.json(first)).extracting((n) -> n.get("text").asText()).containsExactly("n0", "n1");
		assertThat(first.headers().firstValue("Link"))
			.hasValue("<" + base + "&pageSize=2&page=2>; rel=\"next\", <" + base + "&pageSize=2&page=3>; rel=\"last\"");
		assertThat(ConnectWiseCalls.json(second)).extracting((n) -> n.get("text").asText()).containsExactly("n2", "n3");
		assertThat(second.headers().firstValue("Link")).hasValue(
				"<" + base + "&pageSize=2&page=1>; rel=\"first\", <" + base + "&pageSize=2&page=1>; rel=\"prev\", <"
						+ base + "&pageSize=2&page=3>; rel=\"next\", <" + base + "&pageSize=2&page=3>; rel=\"last\"");
		assertThat(ConnectWiseCalls.json(last)).extracting((n) -> n.get("text").asText()).containsExactly("n4");
		assertThat(last.headers().firstValue("Link").orElseThrow()).doesNotContain("rel=\"next\"");
		assertThat(calls.get("/service/tickets/8/notes").headers().firstValue("Link")).isEmpty();
	}

	@Test
	void rejectsConditionsOnAnUnknownFieldWith400() {
		HttpResponse<String> response = calls.get("/service/tickets/8/notes?conditions=colour%3D%22red%22");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = ConnectWiseCalls.json(response);
		assertThat(body.get("code").asText()).isEqualTo("InvalidObject");
		assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo("colour");
	}

}
