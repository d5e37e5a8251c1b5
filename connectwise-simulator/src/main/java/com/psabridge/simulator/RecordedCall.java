package com.psabridge.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One call the simulator received (its own {@code /__sim} endpoints excepted).
 *
 * @param method the HTTP method, upper case
 * @param path the path without the query, as sent
 * @param query the raw query without {@code ?}, or {@code ""}
 * @param headers the first value of each header; lookups ignore case
 * @param body the request body, or {@code ""}
 * @param status the status answered, or 0 when the connection was reset
 * @param at when the call arrived
 */
public record RecordedCall(String method, String path, String query, Map<String, String> headers, String body,
		int status, Instant at) {

	public RecordedCall {
		Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		caseInsensitive.putAll(headers);
		headers = Collections.unmodifiableMap(caseInsensitive);
	}

}
