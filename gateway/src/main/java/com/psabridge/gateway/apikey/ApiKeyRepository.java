package com.psabridge.gateway.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * {@code psa_api_key}: keys are stored as the SHA-256 of the secret, never the secret.
 */
@Repository
class ApiKeyRepository {

	private final DatabaseClient db;

	ApiKeyRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The hex SHA-256 of a key, as stored in {@code key_hash}. */
	static String hash(String secret) {
		return HexFormat.of().formatHex(sha256(secret));
	}

	static byte[] sha256(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Mono<ApiKey> findActive(String keyHash) {
		return this.db
			.sql("select id, name, tenants, roles from psa_api_key where key_hash = :hash and revoked_at is null")
			.bind("hash", keyHash)
			.map((row) -> new ApiKey(row.get("id", UUID.class), row.get("name", String.class),
					Arrays.stream(row.get("tenants", String[].class)).collect(Collectors.toSet()),
					Arrays.stream(row.get("roles", String[].class))
						.map(Role::fromJsonName)
						.filter((role) -> role != null)
						.collect(Collectors.toSet())))
			.one();
	}

	Mono<Void> insert(UUID id, String name, String keyHash, List<String> tenants, List<Role> roles) {
		return this.db.sql(
				"insert into psa_api_key (id, name, key_hash, tenants, roles) values (:id, :name, :hash, :tenants, :roles)")
			.bind("id", id)
			.bind("name", name)
			.bind("hash", keyHash)
			.bind("tenants", tenants.toArray(String[]::new))
			.bind("roles", roles.stream().map(Role::jsonName).toArray(String[]::new))
			.then();
	}

	/** Revokes a key (again, harmlessly); answers whether it exists. */
	Mono<Boolean> revoke(UUID id) {
		return this.db.sql("update psa_api_key set revoked_at = coalesce(revoked_at, now()) where id = :id")
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.map((count) -> count > 0);
	}

}
