package com.psabridge.simulator;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * ConnectWise's error bodies, shaped like the recorded samples in
 * {@code shared/connectwise/samples/error-*.json}.
 */
final class ApiErrors {

	static final String SECURITY_MESSAGE = "You do not have security permission to perform this action.";

	private ApiErrors() {
	}

	/**
	 * One entry of the {@code errors} array.
	 */
	record FieldError(String code, String message, String resource, String field) {

		static FieldError missing(String resource, String field) {
			return new FieldError("MissingRequiredField", "The " + field + " field is required.", resource, field);
		}

		static FieldError invalid(String resource, String field, String message) {
			return new FieldError("InvalidField", message, resource, field);
		}

		static FieldError notFound(String resource, String field, String message) {
			return new FieldError("NotFound", message, resource, field);
		}

	}

	static SimResponse body(int status, String code, String message) {
		return SimResponse.json(status, error(code, message));
	}

	static ObjectNode error(String code, String message) {
		ObjectNode body = Json.object();
		body.put("code", code);
		body.put("message", message);
		return body;
	}

	static SimResponse recordNotFound(String recordType, Object id) {
		return body(404, "NotFound", recordType + " " + id + " not found");
	}

	static SimResponse endpointNotFound() {
		return body(404, "ConnectWiseApi", "The endpoint does not exist.");
	}

	static SimResponse unauthorized(String message) {
		return body(401, "Unauthorized", message);
	}

	static SimResponse security() {
		return body(403, "Security", SECURITY_MESSAGE);
	}

	/**
	 * {@code 400 InvalidObject "<resource> object is invalid"} with its field errors.
	 */
	static SimResponse invalidObject(String resource, List<FieldError> errors) {
		return SimResponse.json(400, invalidObjectBody(resource, errors));
	}

	static SimResponse invalidObject(String resource, FieldError error) {
		return invalidObject(resource, List.of(error));
	}

	static ObjectNode invalidObjectBody(String resource, List<FieldError> errors) {
		ObjectNode body = error("InvalidObject", resource + " object is invalid");
		ArrayNode array = body.putArray("errors");
		for (FieldError error : errors) {
			ObjectNode entry = array.addObject();
			entry.put("code", error.code());
			entry.put("message", error.message());
			entry.put("resource", error.resource());
			entry.put("field", error.field());
		}
		return body;
	}

	/**
	 * The body of {@code samples/error-400-ticket-status-not-on-board.json}.
	 */
	static ObjectNode statusNotOnBoardBody(int statusId, int boardId) {
		return invalidObjectBody("ticket", List.of(new FieldError("NotFound",
				"Service Status " + statusId + " not found for Service Board " + boardId, "ticket", "status/id")));
	}

}
