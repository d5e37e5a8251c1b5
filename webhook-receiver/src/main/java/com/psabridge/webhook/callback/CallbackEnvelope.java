package com.psabridge.webhook.callback;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * ConnectWise's callback envelope (PascalCase; {@code Entity} is the record as a JSON
 * string, parsed a second time). Parsing is strict about what identifies the message and
 * lenient about the rest: an unreadable {@code Entity} is not a reason to refuse a
 * callback, only to read the record from ConnectWise.
 *
 * @param messageId {@code MessageId}, unique per message
 * @param type {@code Type}, lower case ({@code ticket}, {@code contact}...)
 * @param action {@code Action}, lower case ({@code added}, {@code updated},
 * {@code deleted})
 * @param recordId {@code ID} (or the {@code recordId} ConnectWise appended to the URL),
 * or null
 * @param memberId {@code MemberId}: who made the change, or null
 * @param callbackObjectRecId {@code CallbackObjectRecId}, or null
 * @param entity {@code Entity} as an object, or null (deleted, absent or unreadable)
 * @param entityUnreadable whether an {@code Entity} was given but is not a JSON object
 * @param keyUrl {@code Metadata.key_url}, or null
 */
record CallbackEnvelope(String messageId, String type, String action, Long recordId, String memberId,
		Long callbackObjectRecId, JsonNode entity, boolean entityUnreadable, String keyUrl) {

	static CallbackEnvelope parse(ObjectMapper json, byte[] body, String recordIdParameter) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (IOException ex) {
			throw CallbackRejected.malformed("The body is not JSON.");
		}
		if (root == null || !root.isObject()) {
			throw CallbackRejected.malformed("The body is not a JSON object.");
		}
		String messageId = requiredText(root, "MessageId", 128);
		String type = requiredText(root, "Type", 64).toLowerCase(Locale.ROOT);
		String action = requiredText(root, "Action", 64).toLowerCase(Locale.ROOT);
		Long recordId = number(root.get("ID"), "ID");
		if (recordId == null && recordIdParameter != null && recordIdParameter.matches("\\d{1,18}")) {
			recordId = Long.valueOf(recordIdParameter);
		}
		String memberId = optionalText(root, "MemberId", 128);
		Long callbackObjectRecId = number(root.get("CallbackObjectRecId"), "CallbackObjectRecId");
		JsonNode metadata = root.get("Metadata");
		if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
			throw CallbackRejected.malformed("Metadata must be an object.");
		}
		String keyUrl = (metadata != null && metadata.isObject()) ? optionalText(metadata, "key_url", 2048) : null;
		JsonNode entity = root.get("Entity");
		JsonNode parsed = null;
		boolean unreadable = false;
		if (entity != null && entity.isTextual()) {
			try {
				parsed = json.readTree(entity.asText());
			}
			catch (IOException ex) {
				parsed = null;
			}
			unreadable = parsed == null || !parsed.isObject();
			parsed = unreadable ? null : parsed;
		}
		else if (entity != null && entity.isObject()) {
			parsed = entity;
		}
		else if (entity != null && !entity.isNull()) {
			unreadable = true;
		}
		return new CallbackEnvelope(messageId, type, action, recordId, memberId, callbackObjectRecId, parsed,
				unreadable, keyUrl);
	}

	boolean isTicket() {
		return "ticket".equals(this.type);
	}

	private static String requiredText(JsonNode root, String field, int maxLength) {
		String value = optionalText(root, field, maxLength);
		if (value == null || value.isBlank()) {
			throw CallbackRejected.malformed(field + " is missing or empty.");
		}
		return value;
	}

	private static String optionalText(JsonNode root, String field, int maxLength) {
		JsonNode node = root.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isTextual() && !node.isNumber()) {
			throw CallbackRejected.malformed(field + " must be a string.");
		}
		String value = node.asText();
		if (value.indexOf('\0') >= 0) {
			// PostgreSQL text cannot hold NUL.
			throw CallbackRejected.malformed(field + " contains a NUL character.");
		}
		if (value.length() > maxLength) {
			throw CallbackRejected.malformed(field + " is longer than " + maxLength + " characters.");
		}
		return value;
	}

	private static Long number(JsonNode node, String field) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
			return node.asLong();
		}
		if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
			return Long.valueOf(node.asText());
		}
		throw CallbackRejected.malformed(field + " must be a non-negative whole number.");
	}

}
