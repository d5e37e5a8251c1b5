package com.psabridge.core.connectwise;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * ConnectWise's date format: {@code yyyy-MM-ddTHH:mm:ssZ} in UTC, whole seconds.
 */
final class ConnectWiseDates {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private ConnectWiseDates() {
	}

	static String format(Instant instant) {
		return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}

}
