package com.psabridge.core.credentials;

/**
 * A secret as stored: nonce, ciphertext and GCM tag in one value, and the id of the key
 * that sealed it.
 *
 * @param keyId fingerprint of the credentials key used
 * @param sealed 12-byte nonce followed by ciphertext and 16-byte tag
 */
public record EncryptedSecret(String keyId, byte[] sealed) {

	@Override
	public String toString() {
		return "EncryptedSecret[keyId=" + this.keyId + "]";
	}

}
