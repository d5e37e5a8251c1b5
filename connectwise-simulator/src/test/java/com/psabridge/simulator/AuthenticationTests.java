package com.psabridge.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationTests extends SimulatorTests {

	@Test
	void answersSystemInfoToGoodCredentialsWithARequestId() {
		HttpResponse<String> response = calls.get("/system/info");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
		assertThat(UUID.fromString(response.headers().firstValue("x-cw-request-id").orElseThrow())).isNotNull();
		JsonNode info = ConnectWiseCalls.json(response);
		assertThat(info.get("version").asText()).isEqualTo("v2025.1.12345");
		assertThat(info.get("isCloud").asBoolean()).isFalse();
		assertThat(info.get("serverTimeZone").asText()).isEqualTo("Eastern Standard Time");
		assertThat(info.get("cloudRegion").asText()).isEqualTo("NA");
		assertThat(info.get("licenseBits").isArray()).isTrue();
	}

	@Test
	void acceptsAnyCodebaseIncludingTheDoubleSlashFromCompanyInfo() {
		for (String base : new String[] { "/v2025_1/apis/3.0", "/v2025_1//apis/3.0", "/anything/apis/3.0" }) {
			HttpResponse<String> response = calls
				.send(HttpRequest.newBuilder(URI.create(simulator.origin() + base + "/system/info"))
					.header("Authorization", ConnectWiseCalls.basic("ACME", "acme-public", "acme-private"))
					.header("clientId", "client")
					.header("Accept", "application/json")
					.build());
			assertThat(response.statusCode()).as(base).isEqualTo(200);
		}
	}

	@Test
	void rejectsWrongKeysWith401Unauthorized() {
		HttpResponse<String> response = calls.send(calls.api("/system/info")
			.setHeader("Authorization", ConnectWiseCalls.basic("acme", "acme-public", "wrong"))
			.build());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(ConnectWiseCalls.json(response).get("code").asText()).isEqualTo("Unauthorized");
		assertThat(response.headers().firstValue("x-cw-request-id")).isPresent();
	}

	@Test
	void rejectsAnUnknownCompanyAndAMissingAuthorizationWith401() {
		HttpResponse<String> unknown = calls.send(calls.api("/system/info")
			.setHeader("Authorization", ConnectWiseCalls.basic("globex", "acme-public", "acme-private"))
			.build());
		HttpResponse<String> missing = calls
			.send(HttpRequest.newBuilder(URI.create(simulator.origin() + ConnectWiseCalls.API + "/system/info"))
				.header("clientId", "client")
				.header("Accept", "application/json")
				.build());

		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(ConnectWiseCalls.json(missing).get("code").asText()).isEqualTo("Unauthorized");
	}

	@Test
	void rejectsACallWithoutClientIdSayingItIsRequired() {
		HttpResponse<String> response = calls
			.send(HttpRequest.newBuilder(URI.create(simulator.origin() + ConnectWiseCalls.API + "/system/info"))
				.header("Authorization", ConnectWiseCalls.basic("acme", "acme-public", "acme-private"))
				.header("Accept", "application/json")
				.build());

		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode body = ConnectWiseCalls.json(response);
		assertThat(body.get("code").asText()).isEqualTo("Unauthorized");
		assertThat(body.get("message").asText()).contains("clientId is required");
	}

	@Test
	void rejectsACallWithoutAcceptHeader() {
		HttpResponse<String> response = calls
			.send(HttpRequest.newBuilder(URI.create(simulator.origin() + ConnectWiseCalls.API + "/system/info"))
				.header("Authorization", ConnectWiseCalls.basic("acme", "acme-public", "acme-private"))
				.header("clientId", "client")
				.build());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ConnectWiseCalls.json(response).get("message").asText()).contains("Accept");
	}

	@Test
	void answersCompanyInfoWithoutAuthentication() {
		HttpResponse<String> response = calls
			.send(HttpRequest.newBuilder(URI.create(simulator.origin() + "/login/companyinfo/acme")).build());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode info = ConnectWiseCalls.json(response);
		assertThat(info.get("Codebase").asText()).isEqualTo("v2025_1/");
		assertThat(info.get("CompanyID").asText()).isEqualTo("acme");
		assertThat(info.get("VersionCode").asText()).isEqualTo("v2025.1");
		assertThat(info.get("IsCloud").asBoolean()).isFalse();
		assertThat(info.get("SiteUrl").asText()).isEqualTo("127.0.0.1:" + simulator.port());
	}

	@Test
	void answersCompanyInfoForAnUnknownCompanyWith404() {
		HttpResponse<String> response = calls
			.send(HttpRequest.newBuilder(URI.create(simulator.origin() + "/login/companyinfo/globex")).build());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(ConnectWiseCalls.json(response).get("code").asText()).isEqualTo("NotFound");
	}

	@Test
	void answersAnUnknownEndpointLikeConnectWise() {
		HttpResponse<String> response = calls.get("/service/nothing-here");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body())
			.isEqualTo("{\"code\":\"ConnectWiseApi\",\"message\":\"The endpoint does not exist.\"}");
	}

	@Test
	void recordsEachCallWithItsHeadersAndStatus() {
		calls.get("/system/info?fields=version");

		assertThat(simulator.calls()).singleElement().satisfies((call) -> {
			assertThat(call.method()).isEqualTo("GET");
			assertThat(call.path()).isEqualTo(ConnectWiseCalls.API + "/system/info");
			assertThat(call.query()).isEqualTo("fields=version");
			assertThat(call.headers().get("CLIENTID")).isEqualTo("3f6c3a8e-1111-4222-8333-944445555666");
			assertThat(call.status()).isEqualTo(200);
			assertThat(call.at()).isNotNull();
		});
	}

}
