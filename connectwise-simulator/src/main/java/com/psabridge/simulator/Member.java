package com.psabridge.simulator;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A ConnectWise member (a technician, or the API member the keys belong to).
 */
record Member(int id, String identifier, String firstName, String lastName, String email, boolean inactive,
		Instant lastUpdated) {

	/**
	 * Derives the names from the e-mail's local part ({@code john.doe@...} is John Doe),
	 * which is enough for a directory sync to show something sensible.
	 */
	static Member of(int id, String identifier, String email, boolean inactive, Instant now) {
		String local = (email != null && email.contains("@")) ? email.substring(0, email.indexOf('@')) : identifier;
		String[] parts = local.split("[._-]", 2);
		String first = capitalise(parts[0]);
		String last = (parts.length > 1) ? capitalise(parts[1]) : "";
		return new Member(id, identifier, first, last, email, inactive, now);
	}

	private static String capitalise(String text) {
		return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
	}

	String name() {
		return this.lastName.isEmpty() ? this.firstName : this.firstName + " " + this.lastName;
	}

	ObjectNode reference(String apiBase) {
		ObjectNode node = Json.object();
		node.put("id", this.id);
		node.put("identifier", this.identifier);
		node.put("name", name());
		ObjectNode info = node.putObject("_info");
		info.put("member_href", apiBase + "/system/members/" + this.id);
		info.put("image_href", apiBase + "/system/members/" + this.id + "/image?lm=" + Json.date(this.lastUpdated));
		return node;
	}

	ObjectNode toJson(String apiBase) {
		ObjectNode node = Json.object();
		node.put("id", this.id);
		node.put("identifier", this.identifier);
		node.put("firstName", this.firstName);
		node.put("lastName", this.lastName);
		node.put("primaryEmail", this.email);
		node.put("officeEmail", this.email);
		node.put("inactiveFlag", this.inactive);
		node.put("licenseClass", "F");
		ObjectNode info = node.putObject("_info");
		info.put("lastUpdated", Json.date(this.lastUpdated));
		info.put("updatedBy", SimulatedSite.API_MEMBER_IDENTIFIER);
		info.put("image_href", apiBase + "/system/members/" + this.id + "/image?lm=" + Json.date(this.lastUpdated));
		return node;
	}

}
