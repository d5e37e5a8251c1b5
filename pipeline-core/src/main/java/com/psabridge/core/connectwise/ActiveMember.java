package com.psabridge.core.connectwise;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An active ConnectWise member, as auto-matching needs it.
 *
 * @param id the member id
 * @param identifier the member identifier (e.g. {@code jdoe})
 * @param emails the member's primary and office e-mail addresses, lower-cased
 */
public record ActiveMember(int id, String identifier, Set<String> emails) {

	public ActiveMember {
		emails = Set.copyOf(emails);
	}

	/** Whether one of the member's addresses is {@code email}, ignoring case. */
	public boolean hasEmail(String email) {
		return email != null && this.emails.contains(email.trim().toLowerCase(Locale.ROOT));
	}

	/**
	 * The member in a {@code /system/members} item, unless it is inactive or has no id.
	 */
	static Optional<ActiveMember> of(JsonNode member) {
		if (member.path("inactiveFlag").asBoolean(false) || !member.path("id").canConvertToInt()) {
			return Optional.empty();
		}
		Set<String> emails = new LinkedHashSet<>();
		for (String field : new String[] { "primaryEmail", "officeEmail" }) {
			String email = member.path(field).asText("").trim();
			if (!email.isEmpty()) {
				emails.add(email.toLowerCase(Locale.ROOT));
			}
		}
		return Optional.of(new ActiveMember(member.path("id").asInt(), member.path("identifier").asText(null), emails));
	}

}
