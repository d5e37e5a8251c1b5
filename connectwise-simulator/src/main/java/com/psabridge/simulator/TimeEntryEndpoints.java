package com.psabridge.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /time/entries}.
 */
final class TimeEntryEndpoints {

	private static final String RESOURCE = "timeEntry";

	private static final List<String> CHARGE_TO_TYPES = List.of("ServiceTicket", "ProjectTicket", "ChargeCode",
			"Activity");

	private static final List<String> BILLABLE_OPTIONS = List.of("Billable", "DoNotBill", "NoCharge", "NoDefault");

	private static final Map<Integer, String> WORK_TYPES = Map.of(1, "Regular", 2, "Remote", 3, "Onsite", 4,
			"After Hours");

	private final SimulatedSite site;

	private final MemberEndpoints members;

	TimeEntryEndpoints(SimulatedSite site, MemberEndpoints members) {
		this.site = site;
		this.members = members;
	}

	SimResponse add(ApiCall call, Matcher path) {
		JsonNode body = Json.readOrNull(call.request().body());
		if (body == null || !body.isObject()) {
			return ApiErrors.invalidObject(RESOURCE, new ApiErrors.FieldError("InvalidObject",
					"The body must be a timeEntry JSON object", RESOURCE, null));
		}
		List<ApiErrors.FieldError> errors = new ArrayList<>();
		Instant start = date(body, "timeStart", errors);
		if (!body.hasNonNull("timeStart")) {
			errors.add(ApiErrors.FieldError.missing(RESOURCE, "timeStart"));
		}
		Instant end = date(body, "timeEnd", errors);
		if (start != null && end != null && end.isBefore(start)) {
			errors.add(ApiErrors.FieldError.invalid(RESOURCE, "timeEnd", "timeEnd must not be before timeStart."));
		}
		JsonNode hoursGiven = body.get("actualHours");
		if (hoursGiven != null && !hoursGiven.isNull() && !hoursGiven.isNumber()) {
			errors.add(ApiErrors.FieldError.invalid(RESOURCE, "actualHours", "actualHours must be a number."));
		}
		Integer chargeToId = Json.intValue(body.get("chargeToId"));
		String chargeToType = body.hasNonNull("chargeToType") ? body.get("chargeToType").asText()
				: (chargeToId != null) ? "ServiceTicket" : null;
		Optional<Ticket> ticket = Optional.empty();
		if (chargeToType != null && !CHARGE_TO_TYPES.contains(chargeToType)) {
			errors.add(ApiErrors.FieldError.invalid(RESOURCE, "chargeToType",
					"chargeToType must be one of " + String.join(", ", CHARGE_TO_TYPES) + "."));
		}
		else if ("ServiceTicket".equals(chargeToType)) {
			if (chargeToId == null) {
				errors.add(ApiErrors.FieldError.missing(RESOURCE, "chargeToId"));
			}
			else {
				ticket = this.site.ticket(chargeToId);
				if (ticket.isEmpty()) {
					errors.add(ApiErrors.FieldError.notFound(RESOURCE, "chargeToId",
							"Ticket " + chargeToId + " not found"));
				}
			}
		}
		String billable = body.hasNonNull("billableOption") ? body.get("billableOption").asText() : "Billable";
		if (!BILLABLE_OPTIONS.contains(billable)) {
			errors.add(ApiErrors.FieldError.invalid(RESOURCE, "billableOption",
					"billableOption must be one of " + String.join(", ", BILLABLE_OPTIONS) + "."));
		}
		MemberEndpoints.Lookup member = this.members.resolve(body.get("member"), RESOURCE);
		if (member.error() != null) {
			errors.add(member.error());
		}
		if (!errors.isEmpty()) {
			return ApiErrors.invalidObject(RESOURCE, errors);
		}
		double hours = 0;
		if (end != null) {
			hours = BigDecimal.valueOf(Duration.between(start, end).toSeconds())
				.divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP)
				.doubleValue();
		}
		else if (hoursGiven != null && hoursGiven.isNumber()) {
			hours = hoursGiven.asDouble();
			end = start.plusSeconds(Math.round(hours * 3600));
		}
		String now = Json.date(this.site.now());
		ObjectNode entry = Json.object();
		entry.put("id", this.site.nextTimeEntryId());
		if (chargeToId != null) {
			entry.put("chargeToId", chargeToId);
		}
		entry.put("chargeToType", chargeToType);
		entry.set("member", member.member().reference(call.apiBase()));
		entry.put("timeStart", Json.date(start));
		entry.put("timeEnd", (end != null) ? Json.date(end) : null);
		entry.put("hoursDeduct", body.path("hoursDeduct").asDouble(0));
		entry.put("actualHours", hours);
		entry.put("billableOption", billable);
		entry.put("notes", body.hasNonNull("notes") ? body.get("notes").asText() : null);
		if (body.hasNonNull("internalNotes")) {
			entry.put("internalNotes", body.get("internalNotes").asText());
		}
		entry.put("addToDetailDescriptionFlag", body.path("addToDetailDescriptionFlag").asBoolean(false));
		entry.put("addToInternalAnalysisFlag", body.path("addToInternalAnalysisFlag").asBoolean(false));
		entry.put("addToResolutionFlag", body.path("addToResolutionFlag").asBoolean(false));
		entry.set("workType", workType(body.get("workType"), call.apiBase()));
		ticket.ifPresent((t) -> entry.set("ticket", t.reference(call.apiBase())));
		entry.put("status", "Open");
		entry.put("dateEntered", now);
		entry.put("enteredBy", SimulatedSite.API_MEMBER_IDENTIFIER);
		ObjectNode info = entry.putObject("_info");
		info.put("lastUpdated", now);
		info.put("updatedBy", SimulatedSite.API_MEMBER_IDENTIFIER);
		this.site.addTimeEntry(entry);
		return SimResponse.json(201, entry);
	}

	SimResponse list(ApiCall call, Matcher path) {
		return Listing.page(this.site.timeEntries(), Fields.TIME_ENTRY, call);
	}

	SimResponse count(ApiCall call, Matcher path) {
		return Listing.count(this.site.timeEntries(), Fields.TIME_ENTRY, call);
	}

	SimResponse get(ApiCall call, Matcher path) {
		long id = Long.parseLong(path.group(1));
		return this.site.timeEntries()
			.stream()
			.filter((entry) -> entry.path("id").asLong() == id)
			.findFirst()
			.map((entry) -> SimResponse.json(200, entry))
			.orElseGet(() -> ApiErrors.recordNotFound("TimeEntry", id));
	}

	private static Instant date(JsonNode body, String field, List<ApiErrors.FieldError> errors) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		Instant instant = value.isTextual() ? Json.parseDate(value.asText()) : null;
		if (instant == null) {
			errors.add(ApiErrors.FieldError.invalid(RESOURCE, field,
					"The " + field + " field must be a date like 2026-11-22T14:00:00Z."));
		}
		return instant;
	}

	/**
	 * Echoes the work type by id or name; any is accepted, as the simulator has no setup
	 * tables.
	 */
	private static ObjectNode workType(JsonNode reference, String apiBase) {
		int id = 1;
		String name = WORK_TYPES.get(1);
		if (reference != null && reference.isObject()) {
			Integer givenId = Json.intValue(reference.get("id"));
			if (givenId != null) {
				id = givenId;
				name = WORK_TYPES.getOrDefault(givenId, "Work Type " + givenId);
			}
			else if (reference.hasNonNull("name")) {
				name = reference.get("name").asText();
				String wanted = name;
				id = WORK_TYPES.entrySet()
					.stream()
					.filter((type) -> type.getValue().equalsIgnoreCase(wanted))
					.map(Map.Entry::getKey)
					.findFirst()
					.orElse(1);
			}
		}
		ObjectNode node = Json.object();
		node.put("id", id);
		node.put("name", name);
		node.putObject("_info").put("type_href", apiBase + "/time/workTypes/" + id);
		return node;
	}

}
