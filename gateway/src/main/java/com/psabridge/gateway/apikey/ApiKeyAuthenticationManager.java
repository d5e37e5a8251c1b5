package com.psabridge.gateway.apikey;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.psabridge.gateway.problem.Problems;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Proves a presented API key: the bootstrap admin key, or an active key in
 * {@code psa_api_key}. Keys found in the database are cached for
 * {@code psa.api-keys.cache-ttl} so that a busy client does not cost a query per call;
 * unknown keys are never cached, so a new key works at once.
 */
@Component
class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

	private final ApiKeyRepository keys;

	private final byte[] adminKeyDigest;

	private final Cache<String, ApiKey> recent;

	ApiKeyAuthenticationManager(ApiKeyRepository keys, ApiKeyProperties properties) {
		this.keys = keys;
		this.adminKeyDigest = properties.hasAdminKey() ? ApiKeyRepository.sha256(properties.adminKey()) : null;
		this.recent = Caffeine.newBuilder().expireAfterWrite(properties.cacheTtl()).maximumSize(10_000).build();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String presented = (String) authentication.getCredentials();
		byte[] digest = ApiKeyRepository.sha256(presented);
		// Comparing digests takes the same time whatever the key, so timing tells
		// nothing.
		if (this.adminKeyDigest != null && MessageDigest.isEqual(digest, this.adminKeyDigest)) {
			return Mono.just(ApiKeyAuthentication.of(ApiKey.BOOTSTRAP_ADMIN));
		}
		String hash = HexFormat.of().formatHex(digest);
		ApiKey cached = this.recent.getIfPresent(hash);
		if (cached != null) {
			return Mono.just(ApiKeyAuthentication.of(cached));
		}
		return this.keys.findActive(hash)
			.onErrorMap(Problems::isDatabaseUnavailable,
					(ex) -> new AuthenticationServiceException("API keys cannot be read", ex))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown or revoked API key")))
			.doOnNext((key) -> this.recent.put(hash, key))
			.map(ApiKeyAuthentication::of);
	}

	/** Forgets a revoked key here at once; other instances forget it within the TTL. */
	void forget(UUID keyId) {
		this.recent.asMap().values().removeIf((key) -> keyId.equals(key.id()));
	}

}
