package com.psabridge.core.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Issues, rotates and checks the token in a tenant's callback URL
 * ({@code /v1/callbacks/connectwise/{tenantId}/{callbackToken}}). A token is 256 random
 * bits, shown once when issued and stored only as its SHA-256, so the database never
 * holds a usable URL: to show a tenant's URL again, read it back from the callback
 * registered in ConnectWise ({@code GET /system/callbacks}), or rotate.
 * <p>
 * After a rotation the previous token keeps working for a grace period, so callbacks that
 * ConnectWise is still retrying against the old URL are accepted while the new URL is
 * registered.
 */
@Repository
public class CallbackTokens {

	private static final SecureRandom random = new SecureRandom();

	private final DatabaseClient db;

	CallbackTokens(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Issues the tenant's first token; empty when the tenant already has one (whose value
	 * cannot be shown again).
	 */
	public Mono<String> issueIfAbsent(String tenantId) {
		String token = newToken();
		return this.db.sql("""
				insert into psa_callback_token (tenant_id, token_hash) values (:tenantId, :hash)
				on conflict (tenant_id) do nothing""")
			.bind("tenantId", tenantId)
			.bind("hash", hash(token))
			.fetch()
			.rowsUpdated()
			.flatMap((inserted) -> (inserted > 0) ? Mono.just(token) : Mono.empty());
	}

	/**
	 * Replaces the tenant's token (or issues the first one) and answers the new one. The
	 * token it replaces stays valid for {@code grace} ({@link Duration#ZERO}: not at
	 * all).
	 */
	public Mono<String> rotate(String tenantId, Duration grace) {
		String token = newToken();
		return this.db.sql("""
				insert into psa_callback_token (tenant_id, token_hash) values (:tenantId, :hash)
				on conflict (tenant_id) do update set token_hash = excluded.token_hash,
				    previous_token_hash = psa_callback_token.token_hash,
				    previous_valid_until = now() + make_interval(secs => :graceSeconds), rotated_at = now()""")
			.bind("tenantId", tenantId)
			.bind("hash", hash(token))
			.bind("graceSeconds", grace.toMillis() / 1000.0)
			.then()
			.thenReturn(token);
	}

	/**
	 * Whether {@code token} is the tenant's current token, or its predecessor in grace.
	 */
	public Mono<Boolean> matches(String tenantId, String token) {
		if (tenantId == null || token == null || token.isEmpty() || token.length() > 256) {
			return Mono.just(false);
		}
		byte[] presented = hash(token).getBytes(StandardCharsets.US_ASCII);
		return this.db.sql("""
				select token_hash, case when previous_valid_until > now() then previous_token_hash end as previous_hash
				from psa_callback_token where tenant_id = :tenantId""")
			.bind("tenantId", tenantId)
			.map((row) -> equal(presented, row.get("token_hash", String.class))
					| equal(presented, row.get("previous_hash", String.class)))
			.one()
			.defaultIfEmpty(false);
	}

	/** Whether the tenant has a token. */
	public Mono<Boolean> exists(String tenantId) {
		return this.db.sql("select 1 from psa_callback_token where tenant_id = :tenantId")
			.bind("tenantId", tenantId)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	/** Removes the tenant's tokens; its callback URL stops working at once. */
	public Mono<Boolean> revoke(String tenantId) {
		return this.db.sql("delete from psa_callback_token where tenant_id = :tenantId")
			.bind("tenantId", tenantId)
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

	private static boolean equal(byte[] presented, String storedHash) {
		// Constant time, so response timing says nothing about how much of a guess
		// matched.
		return storedHash != null && MessageDigest.isEqual(presented, storedHash.getBytes(StandardCharsets.US_ASCII));
	}

	private static String newToken() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
