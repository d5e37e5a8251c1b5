package com.psabridge.core.connectwise;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 */
final class RetryAfter {

	private RetryAfter() {
	}

	static Duration parse(String value) {
		return parse(value, Instant.now());
	}

	static Duration parse(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		try {
			long seconds = Long.parseLong(trimmed);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration wait = Duration.between(now, at);
				return wait.isNegative() ? Duration.ZERO : wait;
			}
			catch (DateTimeParseException unparsable) {
				return null;
			}
		}
	}

}
