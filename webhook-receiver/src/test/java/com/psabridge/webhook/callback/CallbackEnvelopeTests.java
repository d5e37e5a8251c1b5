package com.psabridge.webhook.callback;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.webhook.testing.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CallbackEnvelopeTests {

	private final ObjectMapper json = new ObjectMapper();

	private CallbackEnvelope parse(String body) {
		return CallbackEnvelope.parse(this.json, body.getBytes(StandardCharsets.UTF_8), null);
	}

	@Test
	void readsTheRecordedContactAddedSampleWithItsEntityAsAString() {
		CallbackEnvelope envelope = CallbackEnvelope.parse(this.json,
				Samples.callbackBody("callback-contact-added.json"), null);
		assertThat(envelope.messageId()).isEqualTo("cb67323f-43ba-4ef6-b471-6bb90e62ab6a");
		assertThat(envelope.type()).isEqualTo("contact");
		assertThat(envelope.action()).isEqualTo("added");
		assertThat(envelope.recordId()).isEqualTo(57937L);
		assertThat(envelope.memberId()).isEqualTo("Cobalt");
		assertThat(envelope.callbackObjectRecId()).isEqualTo(26567L);
		assertThat(envelope.entity().get("firstName").asText()).isEqualTo("Joshua Marvin");
		assertThat(envelope.entityUnreadable()).isFalse();
		assertThat(envelope.keyUrl()).startsWith("{{testServerURL}}/v2025_1//system/callbackkey/index.rails");
		assertThat(envelope.isTicket()).isFalse();
	}

	@Test
	void readsTheRecordedDeletionWithANullEntity() {
		CallbackEnvelope envelope = CallbackEnvelope.parse(this.json,
				Samples.callbackBody("callback-contact-deleted.json"), null);
		assertThat(envelope.action()).isEqualTo("deleted");
		assertThat(envelope.entity()).isNull();
		assertThat(envelope.entityUnreadable()).isFalse();
		assertThat(envelope.keyUrl()).startsWith("https://sandbox-na.myconnectwise.net/");
	}

	@Test
	void acceptsAnEntityGivenAsAnObjectAndNormalisesTypeAndActionCase() {
		CallbackEnvelope envelope = parse("""
				{"MessageId":"m1","Type":"Ticket","Action":"UPDATED","ID":"42","Entity":{"id":42,"summary":"s"}}""");
		assertThat(envelope.type()).isEqualTo("ticket");
		assertThat(envelope.action()).isEqualTo("updated");
		assertThat(envelope.recordId()).isEqualTo(42L);
		assertThat(envelope.entity().get("summary").asText()).isEqualTo("s");
		assertThat(envelope.isTicket()).isTrue();
	}

	@Test
	void marksAnEntityThatIsNotJsonAsUnreadableRatherThanRefusingTheCallback() {
		CallbackEnvelope envelope = parse("""
				{"MessageId":"m1","Type":"ticket","Action":"updated","ID":42,"Entity":"{not json"}""");
		assertThat(envelope.entity()).isNull();
		assertThat(envelope.entityUnreadable()).isTrue();
		assertThat(parse("""
				{"MessageId":"m1","Type":"ticket","Action":"updated","ID":42,"Entity":[1,2]}""").entityUnreadable())
			.isTrue();
	}

	@Test
	void takesTheRecordIdFromTheQueryStringWhenTheBodyHasNone() {
		CallbackEnvelope envelope = CallbackEnvelope.parse(this.json,
				"{\"MessageId\":\"m1\",\"Type\":\"ticket\",\"Action\":\"deleted\"}".getBytes(StandardCharsets.UTF_8),
				"12345");
		assertThat(envelope.recordId()).isEqualTo(12345L);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "not json", "[]", "\"text\"", "null", "42", "{\"Type\":\"ticket\",\"Action\":\"added\"}",
					"{\"MessageId\":\"\",\"Type\":\"ticket\",\"Action\":\"added\"}",
					"{\"MessageId\":{\"a\":1},\"Type\":\"ticket\",\"Action\":\"added\"}",
					"{\"MessageId\":\"m\",\"Type\":[\"ticket\"],\"Action\":\"added\"}",
					"{\"MessageId\":\"m\",\"Type\":\"ticket\"}",
					"{\"MessageId\":\"m\",\"Type\":\"ticket\",\"Action\":\"added\",\"ID\":\"abc\"}",
					"{\"MessageId\":\"m\",\"Type\":\"ticket\",\"Action\":\"added\",\"ID\":1.5}",
					"{\"MessageId\":\"m\",\"Type\":\"ticket\",\"Action\":\"added\",\"ID\":-1}",
					"{\"MessageId\":\"m\",\"Type\":\"ticket\",\"Action\":\"added\",\"ID\":99999999999999999999999}",
					"{\"MessageId\":\"m\",\"Type\":\"ticket\",\"Action\":\"added\",\"Metadata\":\"https://x\"}",
					"{\"MessageId\":\"m\",\"Type\":\"ticket\",\"Action\":\"added\",\"MemberId\":{}}",
					"{\"MessageId\":\"m\\u0000\",\"Type\":\"ticket\",\"Action\":\"added\"}", "{\"MessageId\":\"m\"" })
	void refusesWhatIsNotACallbackEnvelope(String body) {
		assertThatExceptionOfType(CallbackRejected.class).isThrownBy(() -> parse(body))
			.satisfies((ex) -> assertThat(ex.status().value()).isEqualTo(400));
	}

	@Test
	void refusesAMessageIdLongerThanAGuidCouldBe() {
		assertThatExceptionOfType(CallbackRejected.class).isThrownBy(
				() -> parse("{\"MessageId\":\"" + "x".repeat(129) + "\",\"Type\":\"ticket\",\"Action\":\"added\"}"));
	}

	@Test
	void refusesNestingDeeperThanJacksonAllows() {
		String deep = "[".repeat(5000) + "]".repeat(5000);
		assertThatExceptionOfType(CallbackRejected.class).isThrownBy(() -> parse(deep));
	}

}
