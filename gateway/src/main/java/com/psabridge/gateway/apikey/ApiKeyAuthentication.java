package com.psabridge.gateway.apikey;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer API key: first as presented (the secret, not yet checked), then as the
 * {@link ApiKey} it proved to be (the secret erased).
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private String presented;

	private final ApiKey key;

	private ApiKeyAuthentication(String presented, ApiKey key) {
		super(List.of());
		this.presented = presented;
		this.key = key;
		setAuthenticated(key != null);
	}

	static ApiKeyAuthentication presented(String secret) {
		return new ApiKeyAuthentication(secret, null);
	}

	static ApiKeyAuthentication of(ApiKey key) {
		return new ApiKeyAuthentication(null, key);
	}

	ApiKey key() {
		return this.key;
	}

	@Override
	public Object getCredentials() {
		return this.presented;
	}

	@Override
	public Object getPrincipal() {
		return (this.key != null) ? this.key.name() : null;
	}

	@Override
	public void eraseCredentials() {
		this.presented = null;
	}

	@Override
	public String toString() {
		return "ApiKeyAuthentication[" + ((this.key != null) ? this.key.name() : "unchecked") + "]";
	}

}
