package com.psabridge.simulator;

import java.net.http.HttpResponse;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TicketStatusTests {

	/**
	 * {@code shared/connectwise/samples/error-400-ticket-status-not-on-board.json}'s
	 * body.
	 */
	private static final String STATUS_NOT_ON_BOARD_21 = "{\"code\":\"InvalidObject\",\"message\":\"ticket object is invalid\","
			+ "\"errors\":[{\"code\":\"NotFound\",\"message\":\"Service Status 17 not found for Service Board 21\","
			+ "\"resource\":\"ticket\",\"field\":\"status/id\"}]}";

	private static ConnectWiseSimulator simulator;

	private static ConnectWiseCalls calls;

	@BeforeAll
	static void start() {
		simulator = ConnectWiseCalls.startWithTestCompany();
		simulator.addBoard(21, Set.of(40, 41, 42));
		calls = new ConnectWiseCalls(simulator);
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	void answersATicketWithBoardAndStatus() {
		JsonNode ticket = ConnectWiseCalls.json(calls.get("/service/tickets/123"));

		assertThat(ticket.get("id").asLong()).isEqualTo(123);
		assertThat(ticket.get("summary").asText()).isNotBlank();
		assertThat(ticket.get("board").get("id").asInt()).isEqualTo(1);
		assertThat(ticket.get("board").get("name").asText()).isEqualTo("Service Board");
		assertThat(ticket.get("status").get("id").asInt()).isEqualTo(1);
		assertThat(ticket.get("status").get("name").asText()).isEqualTo("New");
		assertThat(ticket.get("_info").get("lastUpdated").asText()).endsWith("Z");
	}

	@Test
	void patchesTheStatusWithAReferenceObject() {
		HttpResponse<String> response = calls.patch("/service/tickets/123",
				"[{\"op\":\"replace\",\"path\":\"status\",\"value\":{\"id\":17}}]");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ConnectWiseCalls.json(response).get("status").get("id").asInt()).isEqualTo(17);
		assertThat(simulator.ticketStatusId(123)).isEqualTo(17);
		assertThat(simulator.ticketPatches(123)).singleElement()
			.isEqualTo(ConnectWiseCalls.json("[{\"op\":\"replace\",\"path\":\"status\",\"value\":{\"id\":17}}]"));
		assertThat(ConnectWiseCalls.json(calls.get("/service/tickets/123")).get("status").get("id").asInt())
			.isEqualTo(17);
	}

	@Test
	void patchesTheStatusWithTheSubPathAndABareNumber() {
		HttpResponse<String> response = calls.patch("/service/tickets/124",
				"[{\"op\":\"replace\",\"path\":\"status/id\",\"value\":5}]");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(simulator.ticketStatusId(124)).isEqualTo(5);
	}

	@Test
	void rejectsAStatusOfAnotherBoardExactlyLikeConnectWise() {
		simulator.addTicket(300, 21);

		HttpResponse<String> response = calls.patch("/service/tickets/300",
				"[{\"op\":\"replace\",\"path\":\"status\",\"value\":{\"id\":17}}]");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(STATUS_NOT_ON_BOARD_21);
		assertThat(simulator.ticketStatusId(300)).isEqualTo(40);
		assertThat(simulator.ticketPatches(300)).isEmpty();
	}

	@Test
	void rejectsAStatusMissingFromTheDefaultBoardNamingBoard1() {
		HttpResponse<String> response = calls.patch("/service/tickets/123",
				"[{\"op\":\"replace\",\"path\":\"status/id\",\"value\":99}]");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ConnectWiseCalls.json(response).get("errors").get(0).get("message").asText())
			.isEqualTo("Service Status 99 not found for Service Board 1");
	}

	@Test
	void rejectsAPatchBodyThatIsNotAnArray() {
		HttpResponse<String> response = calls.patch("/service/tickets/123", "{\"status\":{\"id\":17}}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ConnectWiseCalls.json(response).get("code").asText()).isEqualTo("InvalidObject");
		assertThat(simulator.ticketStatusId(123)).isEqualTo(1);
	}

	@Test
	void answers404ForAPatchOfARemovedTicket() {
		simulator.removeTicket(404);

		HttpResponse<String> response = calls.patch("/service/tickets/404",
				"[{\"op\":\"replace\",\"path\":\"status\",\"value\":{\"id\":2}}]");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(simulator.ticketStatusId(404)).isNull();
	}

	@Test
	void forgetsAddedAndRemovedTicketsOnReset() {
		simulator.addTicket(500, 21);
		simulator.removeTicket(501);

		simulator.reset();

		assertThat(simulator.ticketStatusId(500)).isEqualTo(1);
		assertThat(calls.get("/service/tickets/501").statusCode()).isEqualTo(200);
	}

}
