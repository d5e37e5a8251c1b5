package com.psabridge.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /service/tickets/{id}} (GET, PATCH) and its {@code /notes}.
 */
final class TicketEndpoints {

	private static final int SUMMARY_MAX_LENGTH = 100;

	private final SimulatedSite site;

	private final MemberEndpoints members;

	TicketEndpoints(SimulatedSite site, MemberEndpoints members) {
		this.site = site;
		this.members = members;
	}

	SimResponse get(ApiCall call, Matcher path) {
		long id = Long.parseLong(path.group(1));
		return this.site.ticket(id)
			.map((ticket) -> SimResponse.json(200, ticket.toJson(this.site.boardOf(ticket), call.apiBase())))
			.orElseGet(() -> ApiErrors.recordNotFound("Ticket", id));
	}

	/**
	 * Applies a JSON Patch-like array; every operation is validated before any is
	 * applied.
	 */
	SimResponse patch(ApiCall call, Matcher path) {
		long id = Long.parseLong(path.group(1));
		Optional<Ticket> found = this.site.ticket(id);
		if (found.isEmpty()) {
			return ApiErrors.recordNotFound("Ticket", id);
		}
		Ticket ticket = found.get();
		Board board = this.site.boardOf(ticket);
		JsonNode operations = Json.readOrNull(call.request().body());
		if (operations == null || !operations.isArray()) {
			return notPatchOperations();
		}
		Integer newStatus = null;
		String newSummary = null;
		for (JsonNode operation : operations) {
			if (!operation.isObject()) {
				return notPatchOperations();
			}
			String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
			if (!List.of("add", "replace", "remove").contains(op)) {
				return ApiErrors.invalidObject("ticket", ApiErrors.FieldError.invalid("ticket", "op",
						"Invalid patch operation '" + op + "': use add, replace or remove"));
			}
			// ConnectWise paths have no leading slash; one is tolerated here like a JSON
			// Pointer.
			String field = operation.path("path").asText("").replaceFirst("^/", "").toLowerCase(Locale.ROOT);
			JsonNode value = operation.get("value");
			if (field.equals("status") || field.startsWith("status/")) {
				if (op.equals("remove")) {
					return ApiErrors.invalidObject("ticket", ApiErrors.FieldError.missing("ticket", "status"));
				}
				Object status = statusId(field, value, board);
				if (status instanceof SimResponse error) {
					return error;
				}
				newStatus = (Integer) status;
			}
			else if (field.equals("summary")) {
				if (op.equals("remove") || value == null || !value.isTextual() || value.asText().isBlank()) {
					return ApiErrors.invalidObject("ticket", ApiErrors.FieldError.missing("ticket", "summary"));
				}
				if (value.asText().length() > SUMMARY_MAX_LENGTH) {
					return ApiErrors.invalidObject("ticket", new ApiErrors.FieldError("MaxLengthField",
							"The field summary must be a string with a maximum length of 100.", "ticket", "summary"));
				}
				newSummary = value.asText();
			}
			// Other paths are accepted and ignored: the pipeline only writes status.
		}
		ticket.apply(newStatus, newSummary, operations, this.site.now(), SimulatedSite.API_MEMBER_IDENTIFIER);
		return SimResponse.json(200, ticket.toJson(board, call.apiBase()));
	}

	/**
	 * @return the status id, or the error response to answer
	 */
	private Object statusId(String field, JsonNode value, Board board) {
		Integer id = null;
		String name = null;
		if (field.equals("status") && value != null && value.isObject()) {
			id = Json.intValue(value.get("id"));
			name = value.hasNonNull("name") ? value.get("name").asText() : null;
		}
		else if (field.equals("status/id")) {
			id = Json.intValue(value);
		}
		else if (field.equals("status/name") && value != null && value.isTextual()) {
			name = value.asText();
		}
		if (id == null && name != null) {
			String wanted = name;
			Optional<Integer> byName = board.statusIds()
				.stream()
				.filter((status) -> Board.statusName(status).equalsIgnoreCase(wanted))
				.findFirst();
			if (byName.isEmpty()) {
				return ApiErrors.invalidObject("ticket",
						new ApiErrors.FieldError("NotFound",
								"Service Status " + name + " not found for Service Board " + board.id(), "ticket",
								"status/name"));
			}
			id = byName.get();
		}
		if (id == null) {
			return ApiErrors.invalidObject("ticket", ApiErrors.FieldError.invalid("ticket", "status",
					"The status must be a reference like {\"id\": 17} (path status) or a number (path status/id)"));
		}
		if (!board.statusIds().contains(id)) {
			return SimResponse.json(400, ApiErrors.statusNotOnBoardBody(id, board.id()));
		}
		return id;
	}

	private static SimResponse notPatchOperations() {
		return ApiErrors.invalidObject("ticket",
				new ApiErrors.FieldError("InvalidObject",
						"The body must be a JSON array of patch operations like "
								+ "[{\"op\": \"replace\", \"path\": \"status\", \"value\": {\"id\": 17}}]",
						"ticket", null));
	}

	// notes

	SimResponse addNote(ApiCall call, Matcher path) {
		long ticketId = Long.parseLong(path.group(1));
		if (this.site.ticket(ticketId).isEmpty()) {
			return ApiErrors.recordNotFound("Ticket", ticketId);
		}
		JsonNode body = Json.readOrNull(call.request().body());
		if (body == null || !body.isObject()) {
			return ApiErrors.invalidObject("serviceNote", new ApiErrors.FieldError("InvalidObject",
					"The body must be a serviceNote JSON object", "serviceNote", null));
		}
		List<ApiErrors.FieldError> errors = new ArrayList<>();
		boolean detail = body.path("detailDescriptionFlag").asBoolean(false);
		boolean internal = body.path("internalAnalysisFlag").asBoolean(false);
		boolean resolution = body.path("resolutionFlag").asBoolean(false);
		if (!detail && !internal && !resolution) {
			errors.add(new ApiErrors.FieldError("InvalidObject",
					"At least one of detailDescriptionFlag, internalAnalysisFlag or resolutionFlag must be true.",
					"serviceNote", "detailDescriptionFlag"));
		}
		JsonNode text = body.get("text");
		if (text != null && !text.isNull() && !text.isTextual()) {
			errors.add(ApiErrors.FieldError.invalid("serviceNote", "text", "The text field must be a string."));
		}
		MemberEndpoints.Lookup member = this.members.resolve(body.get("member"), "serviceNote");
		if (member.error() != null) {
			errors.add(member.error());
		}
		if (!errors.isEmpty()) {
			return ApiErrors.invalidObject("serviceNote", errors);
		}
		String now = Json.date(this.site.now());
		long id = this.site.nextNoteId();
		ObjectNode note = Json.object();
		note.put("id", id);
		note.put("ticketId", ticketId);
		note.put("text", (text != null && !text.isNull()) ? text.asText() : null);
		note.put("detailDescriptionFlag", detail);
		note.put("internalAnalysisFlag", internal);
		note.put("resolutionFlag", resolution);
		note.put("issueFlag", body.path("issueFlag").asBoolean(false));
		note.set("member", member.member().reference(call.apiBase()));
		if (body.hasNonNull("contact")) {
			note.set("contact", body.get("contact").deepCopy());
		}
		note.put("dateCreated", now);
		note.put("createdBy", SimulatedSite.API_MEMBER_IDENTIFIER);
		note.put("internalFlag", body.path("internalFlag").asBoolean(false));
		note.put("externalFlag", body.path("externalFlag").asBoolean(false));
		note.put("customerUpdatedFlag", false);
		ObjectNode info = note.putObject("_info");
		info.put("lastUpdated", now);
		info.put("updatedBy", SimulatedSite.API_MEMBER_IDENTIFIER);
		this.site.addNote(ticketId, note);
		return SimResponse.json(201, note);
	}

	SimResponse notes(ApiCall call, Matcher path) {
		long ticketId = Long.parseLong(path.group(1));
		if (this.site.ticket(ticketId).isEmpty()) {
			return ApiErrors.recordNotFound("Ticket", ticketId);
		}
		return Listing.page(this.site.notes(ticketId), Fields.NOTE, call);
	}

	SimResponse countNotes(ApiCall call, Matcher path) {
		long ticketId = Long.parseLong(path.group(1));
		if (this.site.ticket(ticketId).isEmpty()) {
			return ApiErrors.recordNotFound("Ticket", ticketId);
		}
		return Listing.count(this.site.notes(ticketId), Fields.NOTE, call);
	}

	SimResponse note(ApiCall call, Matcher path) {
		long ticketId = Long.parseLong(path.group(1));
		long noteId = Long.parseLong(path.group(2));
		if (this.site.ticket(ticketId).isEmpty()) {
			return ApiErrors.recordNotFound("Ticket", ticketId);
		}
		return this.site.notes(ticketId)
			.stream()
			.filter((note) -> note.path("id").asLong() == noteId)
			.findFirst()
			.map((note) -> SimResponse.json(200, note))
			.orElseGet(() -> ApiErrors.recordNotFound("Note", noteId));
	}

}
