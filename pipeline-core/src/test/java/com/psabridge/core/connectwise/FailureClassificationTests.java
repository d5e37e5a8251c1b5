package com.psabridge.core.connectwise;

import java.time.Duration;
import java.time.Instant;

import com.psabridge.core.connectwise.CallOutcome.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract §2's failure classes.
 */
class FailureClassificationTests {

	@ParameterizedTest
	@ValueSource(ints = { 408, 409, 429, 500, 502, 503, 504 })
	void transientStatusesAreRetried(int status) {
		assertThat(ConnectWiseClient.classify(status)).isEqualTo(Result.TRANSIENT_FAILURE);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 405, 413, 422 })
	void otherClientErrorsArePermanent(int status) {
		assertThat(ConnectWiseClient.classify(status)).isEqualTo(Result.PERMANENT_FAILURE);
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 403 })
	void credentialAndRoleProblemsAreAccessDenied(int status) {
		assertThat(ConnectWiseClient.classify(status)).isEqualTo(Result.ACCESS_DENIED);
	}

	@Test
	void retryAfterInSeconds() {
		assertThat(RetryAfter.parse("3")).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void retryAfterAsHttpDate() {
		Instant now = Instant.parse("2026-11-22T14:00:00Z");
		assertThat(RetryAfter.parse("Sun, 22 Nov 2026 14:01:30 GMT", now)).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void retryAfterInThePastMeansNow() {
		Instant now = Instant.parse("2026-11-22T14:00:00Z");
		assertThat(RetryAfter.parse("Sun, 22 Nov 2026 13:00:00 GMT", now)).isEqualTo(Duration.ZERO);
	}

	@Test
	void unreadableRetryAfterIsIgnored() {
		assertThat(RetryAfter.parse("soon")).isNull();
		assertThat(RetryAfter.parse(null)).isNull();
		assertThat(RetryAfter.parse("-5")).isNull();
	}

}
