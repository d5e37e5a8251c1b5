package com.psabridge.core.connectwise;

import java.time.Duration;

/**
 * What one ConnectWise call came to, already classified for delivery decisions.
 *
 * @param result the class of outcome
 * @param httpStatus the HTTP status, or null when no answer came (timeout, reset)
 * @param recordId the id of the record written or found, when there is one
 * @param errorCode ConnectWise's error {@code code} (or a PSA Bridge code such as
 * {@code Timeout}), null on success
 * @param errorMessage ConnectWise's error message with its field errors, null on success
 * @param retryAfter the {@code Retry-After} ConnectWise asked for, or null
 * @param outcomeUnknown true when a write may have been stored although no success came
 * back (timeout, reset, 5xx)
 * @param connectWiseRequestId ConnectWise's {@code x-cw-request-id}, for its support
 * @param elapsed how long the call took
 * @param detail a value read from a successful answer (e.g. the server version), or null
 */
public record CallOutcome(Result result, Integer httpStatus, Long recordId, String errorCode, String errorMessage,
		Duration retryAfter, boolean outcomeUnknown, String connectWiseRequestId, Duration elapsed, String detail) {

	public enum Result {

		SUCCEEDED,
		/** Worth retrying later: timeouts, resets, 408, 409, 429, 5xx. */
		TRANSIENT_FAILURE,
		/** Repeating it unchanged fails again: other 4xx, validation errors. */
		PERMANENT_FAILURE,
		/** 401 or 403: the tenant's keys or security role are wrong. */
		ACCESS_DENIED

	}

	public boolean succeeded() {
		return this.result == Result.SUCCEEDED;
	}

}
