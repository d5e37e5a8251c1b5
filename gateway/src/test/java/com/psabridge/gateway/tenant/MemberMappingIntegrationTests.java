package com.psabridge.gateway.tenant;

import java.util.Map;

import com.psabridge.gateway.GatewayIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class MemberMappingIntegrationTests extends GatewayIntegrationTests {

	@Test
	void mapsAUserByHandAndListsTheTenantsMappings() {
		String tenantId = newTenant();
		put(tenantId, "u-42", Map.of("memberId", 151, "memberIdentifier", "jdoe")).expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"userId": "u-42", "memberId": 151, "memberIdentifier": "jdoe", "matchedBy": "MANUAL"}""");
		put(tenantId, "u-7", Map.of("memberId", 152)).expectStatus().isOk();
		put(tenantId, "u-42", Map.of("memberId", 153)).expectStatus().isOk();

		this.web.get()
			.uri("/v1/tenants/{tenantId}/member-mappings", tenantId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"items": [
					  {"userId": "u-42", "memberId": 153, "memberIdentifier": null, "matchedBy": "MANUAL"},
					  {"userId": "u-7", "memberId": 152, "memberIdentifier": null, "matchedBy": "MANUAL"}]}""", true);
	}

	@Test
	void refusesAMappingWithoutAPositiveMemberId() {
		put(newTenant(), "u-42", Map.of("memberId", "151", "memberIdentifier", 7)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(2);
	}

	private WebTestClient.ResponseSpec put(String tenantId, String userId, Object body) {
		return this.web.put()
			.uri("/v1/tenants/{tenantId}/member-mappings/{userId}", tenantId, userId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
