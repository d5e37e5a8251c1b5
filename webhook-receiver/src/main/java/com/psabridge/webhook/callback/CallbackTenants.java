package com.psabridge.webhook.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.psabridge.core.callback.CallbackTokens;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.core.tenant.TenantConnectionRepository;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The token check and the tenant's connection, each remembered for
 * {@code psa.webhook.callbacks.tenant-cache-ttl}: a busy tenant's callbacks ask for the
 * same two rows hundreds of times a second. Only what was found is remembered, so a new
 * token or connection works at once, while a revoked token, a predecessor whose rotation
 * grace ended, a removed connection or a changed {@code requireSignedCallbacks} takes
 * effect within the TTL. The tokens themselves are not kept, only their SHA-256, so the
 * cache holds no usable callback URL.
 */
@Component
class CallbackTenants {

	/** Far more than the tenants of one deployment; keeps a flood of guesses bounded. */
	private static final int MAX_ENTRIES = 10_000;

	private final CallbackTokens tokens;

	private final TenantConnectionRepository connections;

	private final Cache<String, Boolean> matchedTokens;

	private final Cache<String, TenantConnection> foundConnections;

	CallbackTenants(CallbackTokens tokens, TenantConnectionRepository connections, CallbackProperties properties) {
		this.tokens = tokens;
		this.connections = connections;
		this.matchedTokens = Caffeine.newBuilder()
			.maximumSize(MAX_ENTRIES)
			.expireAfterWrite(properties.tenantCacheTtl())
			.build();
		this.foundConnections = Caffeine.newBuilder()
			.maximumSize(MAX_ENTRIES)
			.expireAfterWrite(properties.tenantCacheTtl())
			.build();
	}

	/** Whether the token is the tenant's current one, or its predecessor in grace. */
	Mono<Boolean> tokenMatches(String tenantId, String token) {
		if (token == null || token.isEmpty() || token.length() > 256) {
			return Mono.just(false);
		}
		String key = tenantId + "/" + digest(token);
		if (this.matchedTokens.getIfPresent(key) != null) {
			return Mono.just(true);
		}
		return this.tokens.matches(tenantId, token).doOnNext((matches) -> {
			if (matches) {
				this.matchedTokens.put(key, true);
			}
		});
	}

	/** The tenant's ConnectWise connection; empty when it has none. */
	Mono<TenantConnection> connection(String tenantId) {
		TenantConnection cached = this.foundConnections.getIfPresent(tenantId);
		if (cached != null) {
			return Mono.just(cached);
		}
		return this.connections.findByTenantId(tenantId)
			.doOnNext((connection) -> this.foundConnections.put(tenantId, connection));
	}

	private static String digest(String token) {
		try {
			return Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
