package com.psabridge.core.credentials;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Seals and opens tenant secrets with AES-256-GCM. The tenant id is bound in as
 * associated data, so a ciphertext copied onto another tenant's row does not decrypt.
 * Each key is named by a fingerprint of itself, so rotating {@code PSA_CREDENTIALS_KEY}
 * needs no key-id bookkeeping: keep the old key in {@code psa.credentials.previous-keys}
 * until every row has been re-saved.
 */
@Component
public class CredentialCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final String currentKeyId;

	private final Map<String, SecretKey> keysById = new LinkedHashMap<>();

	public CredentialCipher(CredentialsProperties properties) {
		SecretKey current = decodeKey(properties.key(), "psa.credentials.key (PSA_CREDENTIALS_KEY)");
		this.currentKeyId = fingerprint(current);
		this.keysById.put(this.currentKeyId, current);
		for (String previous : properties.previousKeys()) {
			SecretKey key = decodeKey(previous, "psa.credentials.previous-keys");
			this.keysById.putIfAbsent(fingerprint(key), key);
		}
	}

	public EncryptedSecret seal(String tenantId, String secret) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keysById.get(this.currentKeyId),
					new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(tenantId.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			return new EncryptedSecret(this.currentKeyId,
					ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a tenant secret", ex);
		}
	}

	public String open(String tenantId, EncryptedSecret encrypted) {
		SecretKey key = this.keysById.get(encrypted.keyId());
		if (key == null) {
			throw new IllegalStateException("Tenant " + tenantId + "'s secret was sealed with credentials key "
					+ encrypted.keyId() + ", which is neither PSA_CREDENTIALS_KEY nor a previous key");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, encrypted.sealed(), 0, NONCE_BYTES));
			cipher.updateAAD(tenantId.getBytes(StandardCharsets.UTF_8));
			byte[] plain = cipher.doFinal(encrypted.sealed(), NONCE_BYTES, encrypted.sealed().length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Tenant " + tenantId + "'s secret does not decrypt (tampered or moved?)",
					ex);
		}
	}

	/** Whether a stored secret should be re-sealed under the current key. */
	public boolean isCurrent(EncryptedSecret encrypted) {
		return this.currentKeyId.equals(encrypted.keyId());
	}

	private static SecretKey decodeKey(String base64, String property) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(property + " is not base64", ex);
		}
		if (bytes.length != 32) {
			throw new IllegalArgumentException(
					property + " must be base64 of exactly 32 bytes (AES-256), got " + bytes.length + " bytes");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	private static String fingerprint(SecretKey key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
