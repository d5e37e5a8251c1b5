package com.psabridge.gateway.problem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import com.psabridge.gateway.problem.InvalidFields.FieldError;

/**
 * Reads a JSON body field by field, collecting what is wrong instead of stopping at the
 * first problem: a missing field, a value of the wrong JSON type and an unknown enum name
 * are all listed alike, so a client fixes its request in one round trip. Jackson's data
 * binding stops at the first type error, which is why bodies are read this way.
 * <p>
 * Unknown fields are rejected too: a misspelt optional field (say {@code statusID}) would
 * otherwise be dropped silently.
 */
public final class JsonFields {

	private static final String STORABLE_RULE = "must not contain NUL or unpaired surrogate characters";

	private final JsonNode body;

	private final Set<String> known = new HashSet<>();

	private final List<FieldError> errors = new ArrayList<>();

	private JsonFields(JsonNode body) {
		this.body = body;
	}

	/** Starts reading a body; anything but a JSON object is itself an error. */
	public static JsonFields of(JsonNode body) {
		if (body != null && body.isObject()) {
			return new JsonFields(body);
		}
		JsonFields fields = new JsonFields(MissingNode.getInstance());
		fields.reject("body", "must be a JSON object");
		return fields;
	}

	/**
	 * Records an error found outside the body (a path variable, a header, a relation).
	 */
	public void reject(String field, String message) {
		this.errors.add(new FieldError(field, message));
	}

	public Long requiredInteger(String name, long min, long max) {
		return integer(name, true, min, max);
	}

	public Long optionalInteger(String name, long min, long max) {
		return integer(name, false, min, max);
	}

	/**
	 * A string that is present and not blank, of at most {@code maxLength} characters.
	 */
	public String requiredText(String name, int maxLength) {
		return text(name, true, maxLength);
	}

	public String optionalText(String name, int maxLength) {
		return text(name, false, maxLength);
	}

	public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
		return choice(name, true, type.getEnumConstants(), Enum::name);
	}

	public <E extends Enum<E>> E optionalEnum(String name, Class<E> type) {
		return choice(name, false, type.getEnumConstants(), Enum::name);
	}

	/** An enum whose JSON names differ from its constants' names. */
	public <E> E optionalChoice(String name, E[] values, Function<E, String> jsonName) {
		return choice(name, false, values, jsonName);
	}

	/** An ISO-8601 date-time with an offset ({@code Z} or {@code +02:00}). */
	public Instant requiredInstant(String name) {
		return instant(name, true);
	}

	public Instant optionalInstant(String name) {
		return instant(name, false);
	}

	private Instant instant(String name, boolean required) {
		JsonNode value = value(name, required);
		if (value == null) {
			return null;
		}
		if (value.isTextual()) {
			try {
				return OffsetDateTime.parse(value.asText()).toInstant();
			}
			catch (DateTimeParseException ex) {
				// reported below
			}
		}
		reject(name, "must be a date-time with an offset, such as 2026-11-22T14:00:00Z");
		return null;
	}

	public Boolean optionalBoolean(String name) {
		JsonNode value = value(name, false);
		if (value == null) {
			return null;
		}
		if (!value.isBoolean()) {
			reject(name, "must be true or false");
			return null;
		}
		return value.booleanValue();
	}

	/**
	 * A non-empty array of strings, each checked by {@code rule} (which answers an error
	 * message, or null when the element is fine).
	 */
	public List<String> requiredTextList(String name, int maxSize, Function<String, String> rule) {
		JsonNode value = value(name, true);
		if (value == null) {
			return null;
		}
		if (!value.isArray() || value.isEmpty()) {
			reject(name, "must be a non-empty array of strings");
			return null;
		}
		if (value.size() > maxSize) {
			reject(name, "must have at most " + maxSize + " elements");
			return null;
		}
		List<String> items = new ArrayList<>();
		for (int i = 0; i < value.size(); i++) {
			JsonNode item = value.get(i);
			String problem = item.isTextual() ? rule.apply(item.asText()) : "must be a string";
			if (problem != null) {
				reject(name + "[" + i + "]", problem);
			}
			items.add(item.asText());
		}
		return items;
	}

	/**
	 * Rejects any field that was not read, then throws {@link InvalidFields} if anything
	 * was wrong. Call once every field has been read.
	 */
	public void validate() {
		for (Iterator<String> names = this.body.fieldNames(); names.hasNext();) {
			String name = names.next();
			if (!this.known.contains(name)) {
				reject(name, "is not a known field");
			}
		}
		if (!this.errors.isEmpty()) {
			throw new InvalidFields(this.errors);
		}
	}

	private Long integer(String name, boolean required, long min, long max) {
		JsonNode value = value(name, required);
		if (value == null) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			reject(name, "must be a whole number");
			return null;
		}
		long number = value.longValue();
		if (number < min || number > max) {
			reject(name,
					(min == 1) ? "must be a positive whole number" + ((max < Long.MAX_VALUE) ? " up to " + max : "")
							: "must be between " + min + " and " + max);
			return null;
		}
		return number;
	}

	private String text(String name, boolean required, int maxLength) {
		JsonNode value = value(name, required);
		if (value == null) {
			return null;
		}
		if (!value.isTextual()) {
			reject(name, "must be a string");
			return null;
		}
		String text = value.asText();
		if (!isStorable(text)) {
			reject(name, STORABLE_RULE);
			return null;
		}
		if (required && text.isBlank()) {
			reject(name, "must not be blank");
			return null;
		}
		if (text.codePointCount(0, text.length()) > maxLength) {
			reject(name, "must be at most " + maxLength + " characters");
			return null;
		}
		return text;
	}

	/**
	 * PostgreSQL text and jsonb cannot hold NUL, and an unpaired surrogate is not Unicode
	 * at all: such a value would fail only when stored, so it is refused as a bad field.
	 */
	public static boolean isStorable(String text) {
		return text.indexOf('\0') < 0
				&& text.codePoints().noneMatch((codePoint) -> Character.getType(codePoint) == Character.SURROGATE);
	}

	private <E> E choice(String name, boolean required, E[] values, Function<E, String> jsonName) {
		JsonNode value = value(name, required);
		if (value == null) {
			return null;
		}
		for (E candidate : values) {
			if (value.isTextual() && jsonName.apply(candidate).equals(value.asText())) {
				return candidate;
			}
		}
		reject(name, "must be one of " + Arrays.stream(values).map(jsonName).collect(Collectors.joining(", ")));
		return null;
	}

	/**
	 * The field's value; null (after recording the error if required) when absent or
	 * null.
	 */
	private JsonNode value(String name, boolean required) {
		this.known.add(name);
		JsonNode value = this.body.get(name);
		if (value == null || value.isNull()) {
			if (required) {
				reject(name, "is required");
			}
			return null;
		}
		return value;
	}

}
