package com.psabridge.webhook.callback;

import org.springframework.http.HttpStatus;

/**
 * A callback refused for what it is (not for a failure of ours): answered with a problem
 * of this status. The detail is safe to show the sender and never quotes the body.
 */
class CallbackRejected extends RuntimeException {

	private final HttpStatus status;

	private final String problem;

	private final String title;

	CallbackRejected(HttpStatus status, String problem, String title, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.problem = problem;
		this.title = title;
	}

	static CallbackRejected malformed(String detail) {
		return new CallbackRejected(HttpStatus.BAD_REQUEST, "not-a-callback", "Not a ConnectWise callback", detail);
	}

	static CallbackRejected unauthorized(String detail) {
		return new CallbackRejected(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
	}

	static CallbackRejected tooLarge(long maxBytes) {
		return new CallbackRejected(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Body too large",
				"The body is larger than " + (maxBytes / 1024) + " KB.");
	}

	HttpStatus status() {
		return this.status;
	}

	String problem() {
		return this.problem;
	}

	String title() {
		return this.title;
	}

}
