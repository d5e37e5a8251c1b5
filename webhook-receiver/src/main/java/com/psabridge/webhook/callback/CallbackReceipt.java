package com.psabridge.webhook.callback;

/**
 * The 200 answer to a callback. ConnectWise only looks at the status; the outcome is for
 * people and tests.
 *
 * @param messageId the callback's {@code MessageId}
 * @param outcome what became of it
 */
record CallbackReceipt(String messageId, Outcome outcome) {

	enum Outcome {

		/** A ticket event was stored and confirmed by the broker. */
		PUBLISHED,
		/** A ticket event was stored; the relay publishes it when the broker is back. */
		PENDING,
		/** Stored; callbacks of this type emit no event. */
		STORED,
		/** Stored; an update older than the last one seen, or about a deleted ticket. */
		STALE,
		/** Stored; a ticket callback whose action is not added, updated or deleted. */
		IGNORED,
		/** This MessageId was received before; nothing was stored or emitted again. */
		DUPLICATE

	}

}
