package com.psabridge.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ConnectWise's callback signature: {@code x-content-signature} = Base64(HMAC-SHA256(key,
 * raw body)) where key = SHA-256(UTF-8 of {@code signing_key}). The pre-hash is easy to
 * miss, and without it every signature is wrong; the test vectors in
 * {@code shared/connectwise/samples} pin it.
 */
public final class ContentSignature {

	private ContentSignature() {
	}

	/** The HMAC key for a {@code signing_key}: its SHA-256, 32 raw bytes. */
	public static byte[] keyOf(String signingKey) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(signingKey.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/** The {@code x-content-signature} ConnectWise sends for {@code body}. */
	public static String sign(String signingKey, byte[] body) {
		return Base64.getEncoder().encodeToString(hmac(keyOf(signingKey), body));
	}

	/**
	 * Whether {@code header} is the signature of exactly these bytes under the key; a
	 * header that is not Base64 matches nothing.
	 */
	public static boolean matches(byte[] key, byte[] body, String header) {
		if (header == null) {
			return false;
		}
		byte[] presented;
		try {
			presented = Base64.getDecoder().decode(header.strip());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		// Constant time: how long a comparison takes says nothing about the expected
		// value.
		return MessageDigest.isEqual(hmac(key, body), presented);
	}

	static byte[] hmac(byte[] key, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
		}
	}

}
