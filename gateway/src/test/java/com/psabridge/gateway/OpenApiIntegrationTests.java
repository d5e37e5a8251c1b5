package com.psabridge.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's description and its UI are public; the API itself is not.
 */
class OpenApiIntegrationTests extends GatewayIntegrationTests {

	@Test
	void servesTheOpenApiDescriptionWithoutAKey() {
		String description = this.web.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(description).contains("\"openapi\"")
			.contains("/v1/tenants/{tenantId}/ticket-notes")
			.contains("/v1/tenants/{tenantId}/member-mappings/auto-match")
			.doesNotContain("/actuator");
	}

	@Test
	void servesTheSwaggerUiWithoutAKey() {
		this.web.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		this.web.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

	@Test
	void theApiStillNeedsAKey() {
		this.web.get().uri("/v1/tenants/acme/requests").exchange().expectStatus().isUnauthorized();
	}

}
