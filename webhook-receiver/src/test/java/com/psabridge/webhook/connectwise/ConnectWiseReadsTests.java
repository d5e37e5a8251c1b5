package com.psabridge.webhook.connectwise;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.psabridge.core.connectwise.ConnectWiseProperties;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.simulator.ConnectWiseSimulator;
import com.psabridge.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reads made while ConnectWise waits for our answer, against an in-process fake
 * server and the simulator, without Spring.
 */
class ConnectWiseReadsTests {

	private static final String KEY_PATH = "/v2025_1//system/callbackkey/index.rails";

	private static WireMockServer server;

	private static ConnectWiseSimulator simulator;

	private final ConnectWiseReads reads = new ConnectWiseReads(WebClient.builder(),
			new ConnectWiseProperties("test-client-id", "2025.8", true, Duration.ofSeconds(1), Duration.ofSeconds(5)),
			new ConnectWiseReadProperties(Duration.ofSeconds(1), DataSize.ofKilobytes(16), Duration.ofSeconds(1),
					DataSize.ofMegabytes(1)),
			new ObjectMapper());

	@BeforeAll
	static void start() {
		server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		simulator = ConnectWiseSimulator.start(0);
		simulator.addCompany("acme", "acme-public", "acme-private");
	}

	@AfterAll
	static void stop() {
		server.stop();
		simulator.close();
	}

	@BeforeEach
	void reset() {
		server.resetAll();
		simulator.reset();
	}

	private static TenantConnection tenant(String site) {
		return new TenantConnection("acme", site, "acme", "acme-public", "acme-private", "v2025_1/", "APIMember", true);
	}

	private static URI keyUrl() {
		return URI.create(server.baseUrl() + KEY_PATH + "?companyName=acme&id=89966c04");
	}

	@Test
	void fetchesTheSigningKeyWithTheTenantsCredentialsAndClientId() {
		server.stubFor(get(urlPathEqualTo(KEY_PATH)).willReturn(okJson("{\"signing_key\": \"test-signing-key\"}")));
		StepVerifier.create(this.reads.signingKey(tenant(server.baseUrl()), keyUrl()))
			.expectNext("test-signing-key")
			.verifyComplete();
		server.verify(1,
				getRequestedFor(urlPathEqualTo(KEY_PATH))
					.withHeader("Authorization", equalTo("Basic YWNtZSthY21lLXB1YmxpYzphY21lLXByaXZhdGU="))
					.withHeader("clientId", equalTo("test-client-id")));
	}

	@Test
	void fetchesTheSigningKeyWithoutCredentialsWhenTheyAreRefused() {
		server.stubFor(get(urlPathEqualTo(KEY_PATH)).withHeader("Authorization", matching("Basic .+"))
			.willReturn(status(401).withBody("{\"code\":\"Unauthorized\"}")));
		server.stubFor(get(urlPathEqualTo(KEY_PATH)).withHeader("Authorization", absent())
			.willReturn(okJson("{\"signing_key\": \"anonymous-key\"}")));
		StepVerifier.create(this.reads.signingKey(tenant(server.baseUrl()), keyUrl()))
			.expectNext("anonymous-key")
			.verifyComplete();
		server.verify(2, getRequestedFor(urlPathEqualTo(KEY_PATH)));
	}

	@Test
	void neverFollowsARedirect() {
		server.stubFor(get(urlPathEqualTo(KEY_PATH))
			.willReturn(aResponse().withStatus(302).withHeader("Location", server.baseUrl() + "/elsewhere")));
		server.stubFor(get(urlPathEqualTo("/elsewhere")).willReturn(okJson("{\"signing_key\": \"stolen\"}")));
		StepVerifier.create(this.reads.signingKey(tenant(server.baseUrl()), keyUrl()))
			.expectError(ConnectWiseReadException.class)
			.verify();
		server.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
	}

	@Test
	void refusesASigningKeyAnswerOverTheSizeCap() {
		server.stubFor(get(urlPathEqualTo(KEY_PATH))
			.willReturn(okJson("{\"signing_key\": \"" + "k".repeat(20 * 1024) + "\"}")));
		StepVerifier.create(this.reads.signingKey(tenant(server.baseUrl()), keyUrl()))
			.expectErrorSatisfies(
					(ex) -> assertThat(ex).isInstanceOf(ConnectWiseReadException.class).hasMessageContaining("larger"))
			.verify();
	}

	@Test
	void refusesAnAnswerWithoutASigningKey() {
		server.stubFor(get(urlPathEqualTo(KEY_PATH)).willReturn(okJson("{\"key\": \"x\"}")));
		StepVerifier.create(this.reads.signingKey(tenant(server.baseUrl()), keyUrl()))
			.expectError(ConnectWiseReadException.class)
			.verify();
	}

	@Test
	void givesUpOnASlowKeyFetchWithinItsTimeoutAndDoesNotTryAgain() {
		server.stubFor(
				get(urlPathEqualTo(KEY_PATH)).willReturn(okJson("{\"signing_key\": \"late\"}").withFixedDelay(4000)));
		long started = System.nanoTime();
		StepVerifier.create(this.reads.signingKey(tenant(server.baseUrl()), keyUrl()))
			.expectError(ConnectWiseReadException.class)
			.verify(Duration.ofSeconds(6));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
		server.verify(1, anyRequestedFor(anyUrl()));
	}

	@Test
	void readsATicketFromConnectWise() {
		simulator.addTicket(4242, 1);
		StepVerifier.create(this.reads.ticket(tenant(simulator.origin()), 4242)).assertNext((state) -> {
			assertThat(state.ticket().summary()).isEqualTo("Simulated ticket 4242");
			assertThat(state.ticket().board().id()).isEqualTo(1L);
			assertThat(state.ticket().status()).isNotNull();
			assertThat(state.lastUpdated()).isNotNull();
		}).verifyComplete();
	}

	@Test
	void reportsAFailedTicketReadWithConnectWisesStatus() {
		simulator.inject(Fault.on("GET", ".*/service/tickets/\\d+").serverTimeout());
		StepVerifier.create(this.reads.ticket(tenant(simulator.origin()), 4243))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("HTTP 500"))
			.verify();
	}

	@Test
	void answersNoInitialDescriptionForATicketWithoutDescriptionNotes() {
		simulator.addTicket(4244, 1);
		StepVerifier.create(this.reads.initialDescription(tenant(simulator.origin()), 4244)).verifyComplete();
	}

}
