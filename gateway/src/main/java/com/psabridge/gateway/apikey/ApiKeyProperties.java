package com.psabridge.gateway.apikey;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How API keys are checked.
 *
 * @param adminKey the bootstrap admin key ({@code PSA_ADMIN_API_KEY}): every role on
 * every tenant; empty means there is none
 * @param cacheTtl how long a key looked up in the database is trusted without looking
 * again; it is also how long a revoked key may still work on another gateway instance
 */
@Validated
@ConfigurationProperties("psa.api-keys")
record ApiKeyProperties(String adminKey, @DefaultValue("10s") Duration cacheTtl) {

	boolean hasAdminKey() {
		return this.adminKey != null && !this.adminKey.isBlank();
	}

	@Override
	public String toString() {
		return "ApiKeyProperties[adminKey=" + (hasAdminKey() ? "(set)" : "(none)") + ", cacheTtl=" + this.cacheTtl
				+ "]";
	}

}
