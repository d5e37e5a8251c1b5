package com.psabridge.webhook.callback;

import java.time.Duration;
import java.util.UUID;

import com.psabridge.webhook.testing.CallbackIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pipeline-core's {@code CallbackTokens}, which the gateway uses to issue and rotate the
 * tokens this service checks.
 */
class CallbackTokensIntegrationTests extends CallbackIntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Test
	void issuesARandomTokenOnceAndStoresOnlyItsHash() {
		String tenantId = "tok-" + UUID.randomUUID();
		String token = this.tokens.issueIfAbsent(tenantId).block(WAIT);
		assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
		assertThat(this.tokens.issueIfAbsent(tenantId).blockOptional(WAIT)).isEmpty();
		assertThat(this.tokens.matches(tenantId, token).block(WAIT)).isTrue();
		assertThat(this.tokens.exists(tenantId).block(WAIT)).isTrue();
		String stored = this.db.sql("select token_hash from psa_callback_token where tenant_id = :t")
			.bind("t", tenantId)
			.map((row) -> row.get("token_hash", String.class))
			.one()
			.block(WAIT);
		assertThat(stored).hasSize(64).doesNotContain(token);
	}

	@Test
	void refusesAWrongTokenAnotherTenantsTokenAndAnUnknownTenant() {
		String tenantId = "tok-" + UUID.randomUUID();
		String other = "tok-" + UUID.randomUUID();
		String token = this.tokens.issueIfAbsent(tenantId).block(WAIT);
		String otherToken = this.tokens.issueIfAbsent(other).block(WAIT);
		assertThat(this.tokens.matches(tenantId, token + "x").block(WAIT)).isFalse();
		assertThat(this.tokens.matches(tenantId, otherToken).block(WAIT)).isFalse();
		assertThat(this.tokens.matches("tok-unknown-" + UUID.randomUUID(), token).block(WAIT)).isFalse();
		assertThat(this.tokens.matches(tenantId, "").block(WAIT)).isFalse();
	}

	@Test
	void rotationKeepsThePreviousTokenForTheGraceOnly() {
		String tenantId = "tok-" + UUID.randomUUID();
		String first = this.tokens.issueIfAbsent(tenantId).block(WAIT);
		String second = this.tokens.rotate(tenantId, Duration.ofMinutes(10)).block(WAIT);
		assertThat(second).isNotEqualTo(first);
		assertThat(this.tokens.matches(tenantId, first).block(WAIT)).isTrue();
		assertThat(this.tokens.matches(tenantId, second).block(WAIT)).isTrue();
		String third = this.tokens.rotate(tenantId, Duration.ZERO).block(WAIT);
		assertThat(this.tokens.matches(tenantId, first).block(WAIT)).isFalse();
		assertThat(this.tokens.matches(tenantId, second).block(WAIT)).isFalse();
		assertThat(this.tokens.matches(tenantId, third).block(WAIT)).isTrue();
	}

	@Test
	void revokingStopsTheTokenAtOnce() {
		String tenantId = "tok-" + UUID.randomUUID();
		String token = this.tokens.rotate(tenantId, Duration.ZERO).block(WAIT);
		assertThat(this.tokens.revoke(tenantId).block(WAIT)).isTrue();
		assertThat(this.tokens.matches(tenantId, token).block(WAIT)).isFalse();
		assertThat(this.tokens.exists(tenantId).block(WAIT)).isFalse();
		assertThat(this.tokens.revoke(tenantId).block(WAIT)).isFalse();
	}

}
