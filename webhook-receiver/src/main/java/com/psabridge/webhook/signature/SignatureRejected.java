package com.psabridge.webhook.signature;

/**
 * A callback's signature is missing, wrong, or cannot be checked; answered 401. The
 * message is safe to show the sender.
 */
public class SignatureRejected extends RuntimeException {

	SignatureRejected(String message) {
		super(message, null, false, false);
	}

}
