package com.psabridge.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fault for the next {@code times} calls whose method and path match, e.g.
 * {@code Fault.on("POST", "/.+/service/tickets/\\d+/notes").times(2).status(503, body, type)}.
 * Faults apply in the order they were injected; each call takes at most one.
 *
 * @param method the HTTP method, or {@code null} for any
 * @param pathRegex matched against the whole path (no query), e.g.
 * {@code /v4_6_release/apis/3.0/service/tickets/\d+/notes}
 * @param times how many calls it applies to (at least 1)
 * @param kind what it does
 * @param status the status for {@link Kind#STATUS} and {@link Kind#HTML}, else 0
 * @param body the body for {@link Kind#STATUS} and {@link Kind#HTML}, else {@code null}
 * @param contentType the content type for {@link Kind#STATUS} and {@link Kind#HTML}, else
 * {@code null}
 * @param retryAfter a {@code Retry-After} value (seconds or an HTTP-date), or
 * {@code null}
 * @param delay the delay for {@link Kind#DELAY} and {@link Kind#COMMIT_THEN_DELAY}, else
 * {@code null}
 */
public record Fault(String method, String pathRegex, int times, Kind kind, int status, String body, String contentType,
		String retryAfter, Duration delay) {

	/**
	 * What a fault does to a matching call.
	 */
	public enum Kind {

		/**
		 * Answer this status and body instead of handling the call; nothing is stored.
		 */
		STATUS,

		/** Answer a CDN edge's HTML error page instead of handling the call. */
		HTML,

		/** Wait, then handle the call normally (a write is stored when the wait ends). */
		DELAY,

		/** Reset the connection without handling the call; nothing is stored. */
		CONNECTION_RESET,

		/** Handle the call (store the write) at once, then hold the response back. */
		COMMIT_THEN_DELAY

	}

	public Fault {
		Objects.requireNonNull(pathRegex, "pathRegex");
		Objects.requireNonNull(kind, "kind");
		try {
			Pattern.compile(pathRegex);
		}
		catch (PatternSyntaxException ex) {
			throw new IllegalArgumentException("Invalid pathRegex " + pathRegex + ": " + ex.getDescription(), ex);
		}
		if (times < 1) {
			throw new IllegalArgumentException("times must be at least 1");
		}
		if ((kind == Kind.STATUS || kind == Kind.HTML) && (status < 100 || status > 599)) {
			throw new IllegalArgumentException("A " + kind + " fault needs a status between 100 and 599");
		}
		if ((kind == Kind.DELAY || kind == Kind.COMMIT_THEN_DELAY) && (delay == null || delay.isNegative())) {
			throw new IllegalArgumentException("A " + kind + " fault needs a non-negative delay");
		}
		method = (method != null) ? method.toUpperCase(Locale.ROOT) : null;
	}

	/**
	 * Starts a fault for calls with this method ({@code null} for any) whose whole path
	 * matches the regex.
	 */
	public static Builder on(String method, String pathRegex) {
		return new Builder(method, pathRegex);
	}

	/**
	 * Chooses what the fault does; {@link #times(int)} defaults to 1.
	 */
	public static final class Builder {

		private final String method;

		private final String pathRegex;

		private int times = 1;

		private Builder(String method, String pathRegex) {
			this.method = method;
			this.pathRegex = pathRegex;
		}

		public Builder times(int times) {
			this.times = times;
			return this;
		}

		public Fault status(int code, String body, String contentType) {
			return status(code, body, contentType, null);
		}

		/**
		 * @param retryAfter the {@code Retry-After} header: seconds ({@code "3"}) or an
		 * HTTP-date
		 */
		public Fault status(int code, String body, String contentType, String retryAfter) {
			return new Fault(this.method, this.pathRegex, this.times, Kind.STATUS, code, body, contentType, retryAfter,
					null);
		}

		/**
		 * This status with a ConnectWise-style JSON body and a {@code Retry-After}
		 * header.
		 */
		public Fault retryAfter(int code, String retryAfter) {
			return status(code, Json.write(ApiErrors.error("ConnectWiseApi", reason(code))), SimResponse.JSON,
					retryAfter);
		}

		/**
		 * The HTML error page a CDN edge answers (for 429, 502, 503), not ConnectWise's
		 * JSON.
		 */
		public Fault html(int code) {
			return html(code, null);
		}

		public Fault html(int code, String retryAfter) {
			return new Fault(this.method, this.pathRegex, this.times, Kind.HTML, code, htmlPage(code),
					"text/html; charset=utf-8", retryAfter, null);
		}

		public Fault delay(Duration delay) {
			return new Fault(this.method, this.pathRegex, this.times, Kind.DELAY, 0, null, null, null, delay);
		}

		public Fault connectionReset() {
			return new Fault(this.method, this.pathRegex, this.times, Kind.CONNECTION_RESET, 0, null, null, null, null);
		}

		/**
		 * Stores the write, then answers only after {@code delay}: a client whose read
		 * timeout is shorter gives up although ConnectWise has the record.
		 */
		public Fault commitThenDelay(Duration delay) {
			return new Fault(this.method, this.pathRegex, this.times, Kind.COMMIT_THEN_DELAY, 0, null, null, null,
					delay);
		}

		/**
		 * 403 with the body of {@code samples/error-security-permission.json}.
		 */
		public Fault securityError() {
			return status(403, Json.write(ApiErrors.error("Security", ApiErrors.SECURITY_MESSAGE)), SimResponse.JSON);
		}

		/**
		 * 400 with the body of {@code samples/error-400-ticket-status-not-on-board.json}.
		 */
		public Fault statusNotOnBoard(int statusId, int boardId) {
			return status(400, Json.write(ApiErrors.statusNotOnBoardBody(statusId, boardId)), SimResponse.JSON);
		}

		/**
		 * 500 with the SQL timeout message ConnectWise passes through when it times out
		 * internally; the write may or may not have happened there, here it did not.
		 */
		public Fault serverTimeout() {
			return status(500,
					Json.write(ApiErrors.error("ConnectWiseApi",
							"Execution Timeout Expired.  The timeout period elapsed prior to completion of the "
									+ "operation or the server is not responding.")),
					SimResponse.JSON);
		}

	}

	// the admin API's JSON form

	ObjectNode toJson() {
		ObjectNode node = Json.object();
		node.put("method", this.method);
		node.put("pathRegex", this.pathRegex);
		node.put("times", this.times);
		node.put("kind", kindName(this.kind));
		if (this.kind == Kind.STATUS || this.kind == Kind.HTML) {
			node.put("status", this.status);
			node.put("body", this.body);
			node.put("contentType", this.contentType);
		}
		if (this.retryAfter != null) {
			node.put("retryAfter", this.retryAfter);
		}
		if (this.delay != null) {
			node.put("delayMillis", this.delay.toMillis());
		}
		return node;
	}

	/**
	 * Reads {@code {"method", "pathRegex", "times", "kind", ...}} as documented in the
	 * module README.
	 * @throws IllegalArgumentException when the JSON does not describe a fault
	 */
	static Fault fromJson(JsonNode json) {
		if (json == null || !json.isObject()) {
			throw new IllegalArgumentException("The body must be a JSON object describing a fault");
		}
		if (!json.hasNonNull("pathRegex")) {
			throw new IllegalArgumentException("pathRegex is required");
		}
		Builder builder = on(json.hasNonNull("method") ? json.get("method").asText() : null,
				json.get("pathRegex").asText())
			.times(json.path("times").asInt(1));
		String kind = json.path("kind").asText("").replace("_", "").toLowerCase(Locale.ROOT);
		int status = json.path("status").asInt(0);
		String retryAfter = json.hasNonNull("retryAfter") ? json.get("retryAfter").asText() : null;
		Duration delay = Duration.ofMillis(json.path("delayMillis").asLong(-1));
		return switch (kind) {
			case "status" -> builder.status(status, json.path("body").asText(null),
					json.path("contentType").asText(SimResponse.JSON), retryAfter);
			case "retryafter" -> builder.retryAfter(status, retryAfter);
			case "html" -> builder.html(status, retryAfter);
			case "delay" -> builder.delay(delay);
			case "connectionreset" -> builder.connectionReset();
			case "committhendelay" -> builder.commitThenDelay(delay);
			case "securityerror" -> builder.securityError();
			case "statusnotonboard" ->
				builder.statusNotOnBoard(json.path("statusId").asInt(), json.path("boardId").asInt(1));
			case "servertimeout" -> builder.serverTimeout();
			default -> throw new IllegalArgumentException("Unknown kind '" + json.path("kind").asText()
					+ "': use status, retryAfter, html, delay, connectionReset, commitThenDelay, securityError, "
					+ "statusNotOnBoard or serverTimeout");
		};
	}

	private static String kindName(Kind kind) {
		return switch (kind) {
			case STATUS -> "status";
			case HTML -> "html";
			case DELAY -> "delay";
			case CONNECTION_RESET -> "connectionReset";
			case COMMIT_THEN_DELAY -> "commitThenDelay";
		};
	}

	private static String reason(int code) {
		return switch (code) {
			case 429 -> "Too Many Requests";
			case 500 -> "Internal Server Error";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "HTTP " + code;
		};
	}

	private static String htmlPage(int code) {
		String title = code + " " + reason(code);
		return "<!DOCTYPE html>\n<html>\n<head><title>" + title + "</title></head>\n<body>\n<center><h1>" + title
				+ "</h1></center>\n<hr><center>edge</center>\n</body>\n</html>\n";
	}

}
