package com.psabridge.webhook.connectwise;

/**
 * A ConnectWise read gave no usable answer; the message says why, without secrets.
 */
public class ConnectWiseReadException extends RuntimeException {

	private final boolean answered;

	ConnectWiseReadException(String message, boolean answered) {
		super(message, null, false, false);
		this.answered = answered;
	}

	/** Whether ConnectWise answered at all (a refusal, or an answer we could not use). */
	public boolean answered() {
		return this.answered;
	}

}
