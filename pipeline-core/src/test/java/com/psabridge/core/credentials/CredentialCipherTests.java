package com.psabridge.core.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CredentialCipherTests {

	private static final String KEY = base64Key((byte) 1);

	private static final String NEXT_KEY = base64Key((byte) 2);

	@Test
	void sealedSecretOpensForTheSameTenant() {
		CredentialCipher cipher = new CredentialCipher(new CredentialsProperties(KEY, null));
		EncryptedSecret sealed = cipher.seal("acme", "private-key-123");
		assertThat(new String(sealed.sealed(), StandardCharsets.ISO_8859_1)).doesNotContain("private-key-123");
		assertThat(cipher.open("acme", sealed)).isEqualTo("private-key-123");
	}

	@Test
	void sealingTwiceGivesDifferentCiphertexts() {
		CredentialCipher cipher = new CredentialCipher(new CredentialsProperties(KEY, null));
		assertThat(cipher.seal("acme", "same").sealed()).isNotEqualTo(cipher.seal("acme", "same").sealed());
	}

	@Test
	void ciphertextMovedToAnotherTenantDoesNotOpen() {
		CredentialCipher cipher = new CredentialCipher(new CredentialsProperties(KEY, null));
		EncryptedSecret sealed = cipher.seal("acme", "private-key-123");
		assertThatIllegalStateException().isThrownBy(() -> cipher.open("globex", sealed));
	}

	@Test
	void rotatedKeyStillOpensSecretsSealedUnderThePreviousKey() {
		EncryptedSecret old = new CredentialCipher(new CredentialsProperties(KEY, null)).seal("acme", "old-secret");
		CredentialCipher rotated = new CredentialCipher(new CredentialsProperties(NEXT_KEY, List.of(KEY)));
		assertThat(rotated.open("acme", old)).isEqualTo("old-secret");
		assertThat(rotated.isCurrent(old)).isFalse();
		assertThat(rotated.isCurrent(rotated.seal("acme", "new"))).isTrue();
	}

	@Test
	void secretSealedUnderAnUnknownKeyNamesTheKeyInTheError() {
		EncryptedSecret old = new CredentialCipher(new CredentialsProperties(KEY, null)).seal("acme", "old-secret");
		CredentialCipher other = new CredentialCipher(new CredentialsProperties(NEXT_KEY, null));
		assertThatIllegalStateException().isThrownBy(() -> other.open("acme", old)).withMessageContaining(old.keyId());
	}

	@Test
	void keyOfTheWrongLengthIsRefusedWithAHint() {
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CredentialCipher(new CredentialsProperties(shortKey, null)))
			.withMessageContaining("32 bytes");
	}

	@Test
	void toStringNeverShowsTheCiphertext() {
		EncryptedSecret sealed = new CredentialCipher(new CredentialsProperties(KEY, null)).seal("acme", "x");
		assertThat(sealed.toString()).isEqualTo("EncryptedSecret[keyId=" + sealed.keyId() + "]");
	}

	private static String base64Key(byte fill) {
		byte[] key = new byte[32];
		java.util.Arrays.fill(key, fill);
		return Base64.getEncoder().encodeToString(key);
	}

}
