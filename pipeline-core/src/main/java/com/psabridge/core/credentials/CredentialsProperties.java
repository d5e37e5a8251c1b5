package com.psabridge.core.credentials;

import java.util.List;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The keys that protect tenants' ConnectWise private keys.
 *
 * @param key base64 of 32 random bytes ({@code PSA_CREDENTIALS_KEY}); encrypts everything
 * written from now on
 * @param previousKeys earlier keys, still able to decrypt rows written under them while a
 * rotation is under way
 */
@Validated
@ConfigurationProperties("psa.credentials")
public record CredentialsProperties(@NotBlank(
		message = "set PSA_CREDENTIALS_KEY to base64 of 32 random bytes, e.g. $(openssl rand -base64 32)") String key,
		List<String> previousKeys) {

	public CredentialsProperties {
		previousKeys = (previousKeys != null) ? List.copyOf(previousKeys) : List.of();
	}

}
