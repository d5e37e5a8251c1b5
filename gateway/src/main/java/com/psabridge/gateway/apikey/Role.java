package com.psabridge.gateway.apikey;

import java.util.Locale;

/**
 * What an API key may do; stored and sent in lower case ({@code enqueue}, {@code read},
 * {@code admin}).
 */
enum Role {

	/** Post ticket notes and time entries. */
	ENQUEUE,
	/** Read requests and their attempts. */
	READ,
	/**
	 * Administer tenants (connection, member mappings) and, on every tenant, API keys.
	 */
	ADMIN;

	String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The role named {@code name}, or null. */
	static Role fromJsonName(String name) {
		for (Role role : values()) {
			if (role.jsonName().equals(name)) {
				return role;
			}
		}
		return null;
	}

}
