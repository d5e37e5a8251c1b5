package com.psabridge.gateway.tenant;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.psabridge.core.connectwise.CallOutcome;
import com.psabridge.core.connectwise.CallOutcome.Result;
import com.psabridge.core.connectwise.ConnectWiseClient;
import com.psabridge.core.connectwise.ConnectWiseProperties;
import com.psabridge.core.tenant.TenantConnectionRepository;
import com.psabridge.core.tenant.TenantPauses;
import com.psabridge.gateway.problem.WebSlice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Validation of a tenant's connection, and what a refusal by ConnectWise looks like, on
 * the controller alone with plain http not allowed (the production default).
 */
class ConnectionValidationTests {

	private static final String PRIVATE_KEY = "Zx9private-key-value";

	private final ConnectWiseClient connectWise = mock(ConnectWiseClient.class);

	private final TenantConnectionRepository connections = mock(TenantConnectionRepository.class);

	private final WebTestClient web = WebSlice
		.bindToController(new ConnectionController(this.connections, this.connectWise, mock(TenantPauses.class),
				new ConnectWiseProperties("client", "2025.8", false, Duration.ofSeconds(5), Duration.ofSeconds(60))))
		.build();

	@BeforeEach
	void companyKnownToTheSite() {
		given(this.connectWise.companyInfo(any())).willReturn(Mono
			.just(new CallOutcome(Result.SUCCEEDED, 200, null, null, null, null, false, null, Duration.ZERO, null)));
	}

	@Test
	void listsEveryMissingField() {
		put(Map.of()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(containsInAnyOrder("site", "companyId", "publicKey", "privateKey"));
		verifyNoInteractions(this.connectWise, this.connections);
	}

	@Test
	void refusesAPlainHttpSiteUnlessInsecureHttpIsAllowed() {
		Map<String, Object> body = connection();
		body.put("site", "http://cw.example.com:8080");
		put(body).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("site")
			.jsonPath("$.errors[0].message")
			.value((message) -> assertThat((String) message).contains("PSA_CONNECTWISE_ALLOW_INSECURE_HTTP"));
		verifyNoInteractions(this.connectWise);
	}

	@Test
	void refusesASiteThatIsNeitherAHostNameNorAnOrigin() {
		for (String site : new String[] { "https://cw.example.com/v4_6_release", "ftp://cw.example.com",
				"cw example com", "https://user@cw.example.com", "https://cw.example.com?x=1" }) {
			Map<String, Object> body = connection();
			body.put("site", site);
			put(body).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("site");
		}
		verifyNoInteractions(this.connectWise);
	}

	@Test
	void answersWhatConnectWiseSaidWithoutEchoingAKey() {
		given(this.connectWise.systemInfo(any())).willReturn(Mono.just(new CallOutcome(Result.ACCESS_DENIED, 401, null,
				"Unauthorized", "Bad credentials for key " + PRIVATE_KEY, null, false, null, Duration.ZERO, null)));
		put(connection()).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("urn:psa-bridge:problem:connectwise-refused")
				.contains("\"httpStatus\":401")
				.contains("Unauthorized")
				.doesNotContain(PRIVATE_KEY));
		verifyNoInteractions(this.connections);
	}

	@Test
	void storesAHostNameSiteOnceConnectWiseAnswers() {
		given(this.connectWise.systemInfo(any())).willReturn(Mono.just(new CallOutcome(Result.SUCCEEDED, 200, null,
				null, null, null, false, null, Duration.ZERO, "v2025.1.12345")));
		given(this.connections.save(any())).willReturn(Mono.empty());
		put(connection()).expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"serverVersion\":\"v2025.1.12345\"")
				.contains("\"codebase\":\"v4_6_release\"")
				.contains("\"requireSignedCallbacks\":true")
				.doesNotContain(PRIVATE_KEY)
				.doesNotContain("privateKey"));
	}

	private WebTestClient.ResponseSpec put(Object body) {
		return this.web.put()
			.uri("/v1/tenants/acme/connection")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static Map<String, Object> connection() {
		return new HashMap<>(Map.of("site", "api-na.myconnectwise.net", "companyId", "acme", "publicKey",
				"PUBLICKEY0123456", "privateKey", PRIVATE_KEY));
	}

}
