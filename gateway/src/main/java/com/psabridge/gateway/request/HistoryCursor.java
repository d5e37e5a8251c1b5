package com.psabridge.gateway.request;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of the post history ends: the last request's creation time and id (the
 * order of {@code psa_request_tenant_history_idx}). Opaque to clients, so its form may
 * change.
 */
record HistoryCursor(Instant createdAt, UUID requestId) {

	static HistoryCursor after(RequestView request) {
		return new HistoryCursor(request.createdAt(), request.requestId());
	}

	String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.createdAt + "/" + this.requestId).getBytes(StandardCharsets.UTF_8));
	}

	/** The cursor, or null if {@code text} is not one. */
	static HistoryCursor decode(String text) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("/", 2);
			return (parts.length == 2) ? new HistoryCursor(Instant.parse(parts[0]), UUID.fromString(parts[1])) : null;
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			return null;
		}
	}

}
