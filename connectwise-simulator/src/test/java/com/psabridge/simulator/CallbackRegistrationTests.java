package com.psabridge.simulator;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackRegistrationTests extends SimulatorTests {

	private static final String CALLBACK = "{\"url\":\"https://bridge.example.com/callbacks/acme?recordId=\",\"objectId\":0,"
			+ "\"type\":\"ticket\",\"level\":\"owner\",\"description\":\"PSA Bridge\",\"inactiveFlag\":false}";

	@Test
	void registersACallbackAndRejectsTheDuplicateLikeConnectWise() {
		HttpResponse<String> created = calls.post("/system/callbacks", CALLBACK);
		HttpResponse<String> duplicate = calls.post("/system/callbacks", CALLBACK);

		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode callback = ConnectWiseCalls.json(created);
		assertThat(callback.get("id").asLong()).isPositive();
		assertThat(callback.get("memberId").asInt()).isEqualTo(ConnectWiseSimulator.API_MEMBER_ID);
		assertThat(duplicate.statusCode()).isEqualTo(400);
		assertThat(duplicate.body())
			.isEqualTo("{\"code\":\"InvalidObject\",\"message\":\"callbackEntry object is invalid\","
					+ "\"errors\":[{\"code\":\"ObjectExists\",\"message\":\"A matching callback entry already exists\","
					+ "\"resource\":\"callbackEntry\",\"field\":\"objectId\"}]}");
		assertThat(simulator.callbacks()).hasSize(1);
	}

	@Test
	void deletesACallback() {
		long id = ConnectWiseCalls.json(calls.post("/system/callbacks", CALLBACK)).get("id").asLong();

		HttpResponse<String> deleted = calls.send(calls.api("/system/callbacks/" + id).DELETE().build());
		HttpResponse<String> again = calls
			.send(calls.api("/system/callbacks/" + id).method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(again.statusCode()).isEqualTo(404);
		assertThat(ConnectWiseCalls.json(calls.get("/system/callbacks"))).isEmpty();
	}

}
