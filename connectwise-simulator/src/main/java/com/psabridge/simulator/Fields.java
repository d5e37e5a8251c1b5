package com.psabridge.simulator;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of one resource that {@code conditions} and {@code orderBy} may name.
 * ConnectWise matches field names case-insensitively and lets {@code lastUpdated} stand
 * for {@code _info/lastUpdated}.
 */
final class Fields {

	static final Fields NOTE = new Fields("serviceNote", "id", "ticketId", "text", "detailDescriptionFlag",
			"internalAnalysisFlag", "resolutionFlag", "issueFlag", "internalFlag", "externalFlag",
			"customerUpdatedFlag", "dateCreated", "createdBy", "member/id", "member/identifier", "member/name",
			"contact/id", "contact/name");

	static final Fields TIME_ENTRY = new Fields("timeEntry", "id", "chargeToId", "chargeToType", "company/id",
			"company/identifier", "member/id", "member/identifier", "member/name", "workType/id", "workType/name",
			"timeStart", "timeEnd", "actualHours", "hoursDeduct", "billableOption", "notes", "internalNotes",
			"ticket/id", "ticket/summary", "dateEntered", "enteredBy", "status", "addToDetailDescriptionFlag",
			"addToInternalAnalysisFlag", "addToResolutionFlag");

	static final Fields MEMBER = new Fields("member", "id", "identifier", "firstName", "lastName", "primaryEmail",
			"officeEmail", "inactiveFlag", "licenseClass");

	static final Fields CALLBACK = new Fields("callbackEntry", "id", "url", "objectId", "type", "level", "memberId",
			"payloadVersion", "description", "inactiveFlag", "isSoapCallbackFlag", "isSelfSuppressedFlag",
			"connectWiseID");

	private final String resource;

	private final Map<String, String> canonical = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	private Fields(String resource, String... paths) {
		this.resource = resource;
		for (String path : paths) {
			this.canonical.put(path, path);
		}
		this.canonical.put("_info/lastUpdated", "_info/lastUpdated");
		this.canonical.put("_info/updatedBy", "_info/updatedBy");
		this.canonical.put("lastUpdated", "_info/lastUpdated");
		this.canonical.put("updatedBy", "_info/updatedBy");
	}

	String resource() {
		return this.resource;
	}

	/**
	 * @return the field's path as stored, or {@code null} for a field the resource lacks
	 */
	String resolve(String name) {
		return this.canonical.get(name.trim());
	}

	/**
	 * @return the value at a slash-separated path, or {@code null} when absent or JSON
	 * null
	 */
	static JsonNode valueAt(JsonNode record, String path) {
		JsonNode node = record;
		for (String segment : path.split("/")) {
			node = node.get(segment);
			if (node == null || node.isNull()) {
				return null;
			}
		}
		return node;
	}

}
