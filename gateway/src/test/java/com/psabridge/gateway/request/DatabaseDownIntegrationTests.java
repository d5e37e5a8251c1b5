package com.psabridge.gateway.request;

import java.util.Map;
import java.util.UUID;

import com.psabridge.core.testing.LocalServices;
import com.psabridge.gateway.ClosedPort;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose PostgreSQL is down (R2DBC pointed at a port nobody listens on): every
 * call that needs it is a 503 problem, never a 500 and never a 202. A context of its own,
 * as it needs a broken database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "psa.credentials.key=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
				"psa.api-keys.admin-key=database-down-admin-key", "spring.liquibase.enabled=false" })
@AutoConfigureWebTestClient(timeout = "30s")
class DatabaseDownIntegrationTests {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		LocalServices.register(registry);
		int closed = ClosedPort.find();
		registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + closed + "/test");
	}

	@Autowired
	private WebTestClient web;

	@Test
	void answers503ToARequestThatCannotBeStored() {
		this.web.post()
			.uri("/v1/tenants/acme/ticket-notes")
			.header(HttpHeaders.AUTHORIZATION, "Bearer database-down-admin-key")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("ticketId", 4711, "text", "Summary", "noteType", "RESOLUTION", "visibility", "INTERNAL",
					"userId", "u-1"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:unavailable");
	}

	@Test
	void answers503ToAReadThatCannotBeServed() {
		this.web.get()
			.uri("/v1/tenants/acme/requests/{id}", UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, "Bearer database-down-admin-key")
			.exchange()
			.expectStatus()
			.isEqualTo(503);
	}

	@Test
	void answers503RatherThan401WhenApiKeysCannotBeRead() {
		this.web.get()
			.uri("/v1/tenants/acme/requests/{id}", UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, "Bearer some-issued-key")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
