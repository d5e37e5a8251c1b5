package com.psabridge.simulator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON and ConnectWise's date format ({@code yyyy-MM-ddTHH:mm:ssZ}, UTC, whole seconds).
 */
final class Json {

	static final ObjectMapper MAPPER = new ObjectMapper();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	static String write(JsonNode node) {
		try {
			return MAPPER.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns the node as a client parses it off the wire (an {@code int}-sized id
	 * becomes an IntNode), so read-back state equals a parsed response.
	 */
	static ObjectNode asParsed(ObjectNode node) {
		try {
			return (ObjectNode) MAPPER.readTree(write(node));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns the parsed body, or {@code null} when it is not JSON.
	 */
	static JsonNode readOrNull(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return MAPPER.readTree(body);
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	/**
	 * @return the node as an int (a number or digits in a string, as ConnectWise's
	 * JSON.NET accepts), or {@code null}
	 */
	static Integer intValue(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isIntegralNumber() && node.canConvertToInt()) {
			return node.asInt();
		}
		if (node.isTextual() && node.asText().trim().matches("-?\\d{1,9}")) {
			return Integer.parseInt(node.asText().trim());
		}
		return null;
	}

	static String date(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}

	/**
	 * Parses the date formats clients send; a value without an offset is taken as UTC, as
	 * ConnectWise does.
	 * @return the instant, or {@code null} when the text is not a date
	 */
	static Instant parseDate(String text) {
		if (text == null) {
			return null;
		}
		String trimmed = text.trim();
		try {
			return OffsetDateTime.parse(trimmed).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ignored) {
				return null;
			}
		}
	}

}
