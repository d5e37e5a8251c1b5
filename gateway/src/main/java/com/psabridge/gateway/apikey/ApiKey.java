package com.psabridge.gateway.apikey;

import java.util.Set;
import java.util.UUID;

/**
 * An active API key as the gateway knows it after authentication; never holds the secret.
 *
 * @param id the key's id, or null for the bootstrap admin key
 * @param name what the key is for
 * @param tenants the tenant ids it may act on; {@value #ALL_TENANTS} means every tenant
 * @param roles what it may do there
 */
record ApiKey(UUID id, String name, Set<String> tenants, Set<Role> roles) {

	static final String ALL_TENANTS = "*";

	/** The bootstrap key from {@code PSA_ADMIN_API_KEY}. */
	static final ApiKey BOOTSTRAP_ADMIN = new ApiKey(null, "PSA_ADMIN_API_KEY", Set.of(ALL_TENANTS),
			Set.of(Role.values()));

	ApiKey {
		tenants = Set.copyOf(tenants);
		roles = Set.copyOf(roles);
	}

	boolean allows(Role role, String tenantId) {
		return this.roles.contains(role) && (this.tenants.contains(ALL_TENANTS) || this.tenants.contains(tenantId));
	}

	/** Whether the key has the role on every tenant, as managing API keys needs. */
	boolean allowsEverywhere(Role role) {
		return this.roles.contains(role) && this.tenants.contains(ALL_TENANTS);
	}

}
