package com.psabridge.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer of the simulator, independent of WireMock so the handlers stay plain Java.
 */
record SimResponse(int status, String body, String contentType, Map<String, String> headers) {

	static final String JSON = "application/json; charset=utf-8";

	SimResponse {
		headers = Map.copyOf(headers);
	}

	static SimResponse json(int status, JsonNode body) {
		return new SimResponse(status, Json.write(body), JSON, Map.of());
	}

	static SimResponse noContent() {
		return new SimResponse(204, null, null, Map.of());
	}

	SimResponse withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new SimResponse(this.status, this.body, this.contentType, copy);
	}

}
