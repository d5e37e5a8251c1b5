package com.psabridge.webhook.signature;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.psabridge.core.connectwise.ConnectWiseProperties;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.webhook.connectwise.ConnectWiseReadException;
import com.psabridge.webhook.connectwise.ConnectWiseReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verifies a callback's {@code x-content-signature} over the exact bytes received, with
 * the key behind its {@code Metadata.key_url}. Keys are cached per {@code key_url}
 * (bounded, with a TTL); concurrent callbacks needing the same key share one fetch, and a
 * failed fetch is not cached.
 */
@Component
public class CallbackSignatures {

	private static final Logger logger = LoggerFactory.getLogger(CallbackSignatures.class);

	private final KeyUrlPolicy policy;

	private final ConnectWiseReads connectWise;

	private final SigningKeyProperties properties;

	private final AsyncCache<String, CachedKey> keys;

	CallbackSignatures(ConnectWiseReads connectWise, SigningKeyProperties properties,
			ConnectWiseProperties connectWiseProperties) {
		this.policy = new KeyUrlPolicy(properties, connectWiseProperties);
		this.connectWise = connectWise;
		this.properties = properties;
		this.keys = Caffeine.newBuilder()
			.maximumSize(properties.cacheSize())
			.expireAfterWrite(properties.cacheTtl())
			.buildAsync();
	}

	/**
	 * Completes when {@code header} is the signature of {@code body} under the key at
	 * {@code keyUrl}; otherwise errors with {@link SignatureRejected}.
	 */
	public Mono<Void> verify(TenantConnection connection, String keyUrl, byte[] body, String header) {
		if (header == null || header.isBlank()) {
			return Mono.error(new SignatureRejected("The callback has no x-content-signature header."));
		}
		URI uri;
		try {
			uri = this.policy.check(connection, keyUrl);
		}
		catch (SignatureRejected ex) {
			logger.warn("Callback for tenant {} refused before any fetch: {}", connection.tenantId(), ex.getMessage());
			return Mono.error(ex);
		}
		String cacheKey = connection.tenantId() + " " + uri;
		return key(cacheKey, connection, uri).flatMap((key) -> {
			if (ContentSignature.matches(key.hmacKey(), body, header)) {
				return Mono.empty();
			}
			if (key.age().compareTo(this.properties.refetchAfter()) < 0) {
				return Mono.error(new SignatureRejected("x-content-signature does not match the body."));
			}
			// The key may have been rotated since it was cached: fetch it once more.
			this.keys.synchronous().invalidate(cacheKey);
			return key(cacheKey, connection, uri)
				.flatMap((fresh) -> ContentSignature.matches(fresh.hmacKey(), body, header) ? Mono.<Void>empty()
						: Mono.error(new SignatureRejected("x-content-signature does not match the body.")));
		});
	}

	private Mono<CachedKey> key(String cacheKey, TenantConnection connection, URI uri) {
		// Keyed by tenant too: the fetch is made with that tenant's credentials.
		CompletableFuture<CachedKey> future = this.keys.get(cacheKey,
				(ignored, executor) -> this.connectWise.signingKey(connection, uri)
					.map((signingKey) -> new CachedKey(ContentSignature.keyOf(signingKey), System.nanoTime()))
					.toFuture());
		return Mono.fromFuture(future, true).onErrorMap((ex) -> {
			Throwable cause = (ex instanceof java.util.concurrent.CompletionException) ? ex.getCause() : ex;
			String reason = (cause instanceof ConnectWiseReadException read) ? read.getMessage()
					: cause.getClass().getSimpleName();
			logger.warn("Signing key for tenant {} could not be fetched from {}: {}", connection.tenantId(),
					uri.getHost(), reason);
			return new SignatureRejected("The signing key could not be fetched from Metadata.key_url.");
		});
	}

	private record CachedKey(byte[] hmacKey, long fetchedAtNanos) {

		Duration age() {
			return Duration.ofNanos(System.nanoTime() - this.fetchedAtNanos);
		}

	}

}
