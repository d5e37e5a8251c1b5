package com.psabridge.worker.delivery;

import com.psabridge.core.connectwise.CallOutcome;

/**
 * One row of {@code psa_activity_log}.
 *
 * @param action what was done: a ConnectWise call ({@code POST_NOTE},
 * {@code PATCH_STATUS}, {@code POST_TIME_ENTRY}), a decision ({@code MEMBER_UNMAPPED}) or
 * {@code STATE_CHANGE}
 * @param outcome how it ended: a call's result, or the request's new status
 */
record ActivityEntry(String action, String outcome, Integer httpStatus, Long durationMs, String errorCode,
		String errorMessage, String connectWiseRequestId) {

	static ActivityEntry call(String action, CallOutcome call) {
		return new ActivityEntry(action, call.result().name(), call.httpStatus(), call.elapsed().toMillis(),
				call.errorCode(), call.errorMessage(), call.connectWiseRequestId());
	}

	ActivityEntry withOutcome(String outcome) {
		return new ActivityEntry(this.action, outcome, this.httpStatus, this.durationMs, this.errorCode,
				this.errorMessage, this.connectWiseRequestId);
	}

	static ActivityEntry decision(String action, String outcome, String message) {
		return new ActivityEntry(action, outcome, null, null, null, message, null);
	}

}
