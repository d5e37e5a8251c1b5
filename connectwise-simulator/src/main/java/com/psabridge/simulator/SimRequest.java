package com.psabridge.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as the handlers see it: headers and query parameters are looked up
 * case-insensitively, as ConnectWise (IIS) does.
 *
 * @param method upper-case HTTP method
 * @param path the path, not decoded, without the query
 * @param rawQuery the query as sent, or {@code ""}
 * @param headers first value of each header, case-insensitive keys
 * @param body the body, or {@code ""}
 */
record SimRequest(String method, String path, String rawQuery, Map<String, String> headers, String body) {

	static SimRequest of(String method, String url, Map<String, String> headers, String body) {
		int question = url.indexOf('?');
		String path = (question >= 0) ? url.substring(0, question) : url;
		String query = (question >= 0) ? url.substring(question + 1) : "";
		Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		caseInsensitive.putAll(headers);
		return new SimRequest(method, path, query, caseInsensitive, (body != null) ? body : "");
	}

	String header(String name) {
		return this.headers.get(name);
	}

	/**
	 * @return the first value of the decoded query parameter, or {@code null}
	 */
	String param(String name) {
		for (String pair : this.rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			String key = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			if (key.equalsIgnoreCase(name)) {
				return (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			}
		}
		return null;
	}

	static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
