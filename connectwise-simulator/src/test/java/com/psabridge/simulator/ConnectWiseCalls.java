package com.psabridge.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calls a simulator the way a ConnectWise client does, with the test company's
 * credentials.
 */
final class ConnectWiseCalls {

	static final String COMPANY = "acme";

	static final String PUBLIC_KEY = "acme-public";

	static final String PRIVATE_KEY = "acme-private";

	static final String API = "/v4_6_release/apis/3.0";

	static final String ACCEPT = "application/vnd.connectwise.com+json; version=2025.8";

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final ConnectWiseSimulator simulator;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	ConnectWiseCalls(ConnectWiseSimulator simulator) {
		this.simulator = simulator;
	}

	static ConnectWiseSimulator startWithTestCompany() {
		ConnectWiseSimulator simulator = ConnectWiseSimulator.start(0);
		simulator.addCompany(COMPANY, PUBLIC_KEY, PRIVATE_KEY);
		simulator.addMember(151, "jdoe", "john.doe@example.com", false);
		simulator.addMember(152, "asmith", "alice.smith@example.com", false);
		simulator.addMember(153, "bgone", "bob.gone@example.com", true);
		return simulator;
	}

	static String basic(String company, String publicKey, String privateKey) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((company + "+" + publicKey + ":" + privateKey).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A request to {@code <origin>/v4_6_release/apis/3.0<path>} with every header
	 * ConnectWise wants.
	 */
	HttpRequest.Builder api(String path) {
		return HttpRequest.newBuilder(URI.create(this.simulator.origin() + API + path))
			.timeout(Duration.ofSeconds(5))
			.header("Authorization", basic(COMPANY, PUBLIC_KEY, PRIVATE_KEY))
			.header("clientId", "3f6c3a8e-1111-4222-8333-944445555666")
			.header("Accept", ACCEPT);
	}

	HttpResponse<String> get(String path) {
		return send(api(path).GET().build());
	}

	HttpResponse<String> post(String path, String json) {
		return send(api(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<String> patch(String path, String json) {
		return send(api(path).header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * A call to the simulator's own {@code /__sim} endpoints.
	 */
	HttpResponse<String> admin(String method, String path, String json) {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		return send(HttpRequest.newBuilder(URI.create(this.simulator.origin() + "/__sim" + path))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.method(method, body)
			.build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpClient http() {
		return this.http;
	}

	static JsonNode json(HttpResponse<String> response) {
		return json(response.body());
	}

	static JsonNode json(String text) {
		try {
			return MAPPER.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Not JSON: " + text, ex);
		}
	}

}
