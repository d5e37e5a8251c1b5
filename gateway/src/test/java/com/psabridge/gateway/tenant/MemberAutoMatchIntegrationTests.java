package com.psabridge.gateway.tenant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.psabridge.gateway.GatewayIntegrationTests;
import com.psabridge.simulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST .../member-mappings/auto-match} against the simulator's member directory.
 */
class MemberAutoMatchIntegrationTests extends GatewayIntegrationTests {

	@AfterEach
	void clearFaults() {
		connectWise.reset();
	}

	@Test
	@SuppressWarnings("unchecked")
	void matchesByEmailIgnoringCaseAcrossPagesSkippingInactiveAndKeepingManualMappings() {
		int base = ThreadLocalRandom.current().nextInt(10_000, 1_000_000) * 10;
		String domain = "@m" + base + ".example.com";
		connectWise.addMember(base + 1, "ann" + base, "Ann.Smith" + domain, false);
		connectWise.addMember(base + 2, "bob" + base, "bob" + domain, true);
		connectWise.addMember(base + 3, "cy" + base, "cy" + domain, false);
		// More than one page of 1000 members, so the Link header has to be followed.
		for (int i = 0; i < 1001; i++) {
			connectWise.addMember(base * 10 + 100_000_000 + i, "filler" + base + "-" + i, "filler" + i + domain, false);
		}
		connectWise.addMember(Integer.MAX_VALUE - base % 1000, "last" + base, "last" + domain, false);
		String tenantId = connectedTenant();
		this.web.put()
			.uri("/v1/tenants/{tenantId}/member-mappings/u-cy", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("memberId", 42, "memberIdentifier", "manual-cy"))
			.exchange()
			.expectStatus()
			.isOk();

		Map<String, Object> answer = autoMatch(tenantId,
				List.of(Map.of("userId", "u-ann", "email", "ann.smith" + domain.toUpperCase()),
						Map.of("userId", "u-bob", "email", "bob" + domain),
						Map.of("userId", "u-cy", "email", "cy" + domain),
						Map.of("userId", "u-last", "email", "last" + domain),
						Map.of("userId", "u-nobody", "email", "nobody" + domain)))
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();

		assertThat((List<Object>) answer.get("matched")).containsExactlyInAnyOrder(
				Map.of("userId", "u-ann", "memberId", base + 1, "memberIdentifier", "ann" + base),
				Map.of("userId", "u-cy", "memberId", 42, "memberIdentifier", "manual-cy"), Map.of("userId", "u-last",
						"memberId", Integer.MAX_VALUE - base % 1000, "memberIdentifier", "last" + base));
		assertThat((List<Object>) answer.get("unmatched")).containsExactlyInAnyOrder("u-bob", "u-nobody");
		String mappings = this.web.get()
			.uri("/v1/tenants/{tenantId}/member-mappings", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(mappings).contains("\"userId\":\"u-ann\"", "\"matchedBy\":\"EMAIL\"", "\"matchedBy\":\"MANUAL\"");
	}

	@Test
	void aRoleWithoutMemberInquireIsNamedInTheProblem() {
		String tenantId = connectedTenant();
		connectWise.inject(Fault.on("GET", ".*/system/members").securityError());
		Map<String, Object> problem = autoMatch(tenantId, List.of(Map.of("userId", "u-1", "email", "a@b.example")))
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat((String) problem.get("detail")).contains("Member Maintenance: Inquire");
	}

	@Test
	void listsEveryInvalidUser() {
		autoMatch(connectedTenant(),
				List.of(Map.of("userId", "u-1", "email", "not-an-address"), Map.of("userId", "u-1", "email", "a@b.c")))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("users[0].email", "users[1].userId"));
	}

	@Test
	void aTenantWithoutConnectionIs404() {
		autoMatch(newTenant(), List.of(Map.of("userId", "u-1", "email", "a@b.example"))).expectStatus().isNotFound();
	}

	private WebTestClient.ResponseSpec autoMatch(String tenantId, List<Map<String, String>> users) {
		return this.web.post()
			.uri("/v1/tenants/{tenantId}/member-mappings/auto-match", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("users", users))
			.exchange();
	}

	private String connectedTenant() {
		String tenantId = newTenant();
		String companyId = "am" + ThreadLocalRandom.current().nextInt(1_000_000);
		connectWise.addCompany(companyId, "PUB" + companyId + "ABCDEFGH", "PRIV" + companyId + "IJKLMNOP");
		this.web.put()
			.uri("/v1/tenants/{tenantId}/connection", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("site", connectWise.origin(), "companyId", companyId, "publicKey",
					"PUB" + companyId + "ABCDEFGH", "privateKey", "PRIV" + companyId + "IJKLMNOP", "codebase",
					"v4_6_release"))
			.exchange()
			.expectStatus()
			.isOk();
		return tenantId;
	}

}
