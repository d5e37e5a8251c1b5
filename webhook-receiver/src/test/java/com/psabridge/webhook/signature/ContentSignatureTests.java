package com.psabridge.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.webhook.testing.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signature algorithm against the test vectors of
 * {@code samples/callback-signature-test-vectors.json}, including the value a verifier
 * that forgets the SHA-256 pre-hash of the key would compute.
 */
class ContentSignatureTests {

	static List<JsonNode> vectors() {
		List<JsonNode> vectors = new ArrayList<>();
		Samples.read("callback-signature-test-vectors.json").get("vectors").forEach(vectors::add);
		return vectors;
	}

	private static String signingKey() {
		return Samples.read("callback-signature-test-vectors.json").get("signing_key").asText();
	}

	@ParameterizedTest
	@MethodSource("vectors")
	void signsTheVectorBodyAsConnectWiseDoes(JsonNode vector) {
		byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);
		assertThat(ContentSignature.sign(signingKey(), body))
			.isEqualTo(vector.get("expected_x_content_signature").asText());
	}

	@ParameterizedTest
	@MethodSource("vectors")
	void acceptsTheExpectedSignature(JsonNode vector) {
		byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);
		assertThat(ContentSignature.matches(ContentSignature.keyOf(signingKey()), body,
				vector.get("expected_x_content_signature").asText()))
			.isTrue();
	}

	@ParameterizedTest
	@MethodSource("vectors")
	void rejectsTheSignatureComputedWithoutThePreHash(JsonNode vector) {
		byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);
		String wrong = vector.get("wrong_if_key_not_prehashed").asText();
		assertThat(ContentSignature.matches(ContentSignature.keyOf(signingKey()), body, wrong)).isFalse();
		// It is what HMAC keyed by the raw signing_key gives: the mistake the vector
		// pins.
		byte[] rawKey = signingKey().getBytes(StandardCharsets.UTF_8);
		assertThat(java.util.Base64.getEncoder().encodeToString(ContentSignature.hmac(rawKey, body))).isEqualTo(wrong);
	}

	@ParameterizedTest
	@MethodSource("vectors")
	void rejectsTheSignatureOfReserialisedOrAlteredBytes(JsonNode vector) {
		String raw = vector.get("raw_body").asText();
		String signature = vector.get("expected_x_content_signature").asText();
		byte[] key = ContentSignature.keyOf(signingKey());
		assertThat(ContentSignature.matches(key, (raw + " ").getBytes(StandardCharsets.UTF_8), signature)).isFalse();
		assertThat(ContentSignature.matches(key, raw.replace(":", ": ").getBytes(StandardCharsets.UTF_8), signature))
			.isFalse();
	}

	@ParameterizedTest
	@MethodSource("vectors")
	void rejectsHeadersThatAreNotBase64OrEmpty(JsonNode vector) {
		byte[] body = vector.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);
		byte[] key = ContentSignature.keyOf(signingKey());
		assertThat(ContentSignature.matches(key, body, "not base64 !")).isFalse();
		assertThat(ContentSignature.matches(key, body, "")).isFalse();
		assertThat(ContentSignature.matches(key, body, null)).isFalse();
	}

}
