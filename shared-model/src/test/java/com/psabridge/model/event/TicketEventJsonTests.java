package com.psabridge.model.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ticket event is read by services PSA Bridge does not own (contract §5): its wire
 * names and shapes must not drift.
 */
class TicketEventJsonTests {

	private static final UUID EVENT_ID = UUID.fromString("0b6f2c1e-8d55-3c4e-9a0b-6f1f2d3e4c5a");

	private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	@Test
	void readsTheContractExample() throws Exception {
		TicketEvent event = this.json.readValue("""
				{ "eventId": "0b6f2c1e-8d55-3c4e-9a0b-6f1f2d3e4c5a", "tenantId": "acme", "action": "UPDATED",
				  "ticketId": 12345, "occurredAt": "2026-11-22T14:00:00Z", "receivedAt": "2026-11-22T14:00:01.250Z",
				  "triggeredBy": "jdoe", "selfTriggered": false, "changedFields": ["status", "summary"],
				  "ticket": { "summary": "Printer offline", "board": {"id": 1, "name": "Service"},
				              "status": {"id": 17, "name": "In Progress"}, "type": null, "subType": null, "item": null,
				              "priority": {"id": 4, "name": "Priority 3 - Normal Response"},
				              "company": {"id": 250, "identifier": "Acme", "name": "Acme Corp"},
				              "contact": {"id": 57937, "name": "Joshua Marvin"},
				              "owner": {"id": 151, "identifier": "jdoe", "name": "John Doe"},
				              "initialDescription": "The printer on floor 2 is offline." } }
				""", TicketEvent.class);
		assertThat(event.action()).isEqualTo(TicketAction.UPDATED);
		assertThat(event.routingKey()).isEqualTo("ticket.updated");
		assertThat(event.changedFields()).containsExactly("status", "summary");
		assertThat(event.ticket().status()).isEqualTo(new TicketReference(17L, null, "In Progress"));
		assertThat(event.ticket().owner().identifier()).isEqualTo("jdoe");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-22T14:00:00Z"));
	}

	@Test
	void writesEveryContractFieldWithIsoTimesAndNullsKept() throws Exception {
		TicketSnapshot ticket = new TicketSnapshot("Printer offline", new TicketReference(1L, null, "Service"),
				new TicketReference(17L, null, "In Progress"), null, null, null, null,
				new TicketReference(250L, "Acme", "Acme Corp"), null, null, null);
		TicketEvent event = new TicketEvent(EVENT_ID, "acme", TicketAction.ADDED, 12345,
				Instant.parse("2026-11-22T14:00:00Z"), Instant.parse("2026-11-22T14:00:01.250Z"), "APIMember", true,
				List.of("summary", "board"), ticket);
		JsonNode written = this.json.valueToTree(event);
		assertThat(written.properties()).extracting((entry) -> entry.getKey())
			.containsExactly("eventId", "tenantId", "action", "ticketId", "occurredAt", "receivedAt", "triggeredBy",
					"selfTriggered", "changedFields", "ticket");
		assertThat(written.get("action").asText()).isEqualTo("ADDED");
		assertThat(written.get("occurredAt").asText()).isEqualTo("2026-11-22T14:00:00Z");
		assertThat(written.get("receivedAt").asText()).isEqualTo("2026-11-22T14:00:01.250Z");
		assertThat(written.get("selfTriggered").asBoolean()).isTrue();
		JsonNode writtenTicket = written.get("ticket");
		assertThat(writtenTicket.has("owner")).isTrue();
		assertThat(writtenTicket.get("owner").isNull()).isTrue();
		assertThat(writtenTicket.get("board").has("identifier")).isFalse();
		assertThat(writtenTicket.get("company").get("identifier").asText()).isEqualTo("Acme");
		assertThat(this.json.treeToValue(written, TicketEvent.class)).isEqualTo(event);
	}

	@Test
	void deletionWithoutKnownStateCarriesANullTicketAndNoChangedFields() throws Exception {
		TicketEvent event = new TicketEvent(EVENT_ID, "acme", TicketAction.DELETED, 7, Instant.EPOCH, Instant.EPOCH,
				"jdoe", false, null, null);
		JsonNode written = this.json.valueToTree(event);
		assertThat(written.get("ticket").isNull()).isTrue();
		assertThat(written.get("changedFields").isArray()).isTrue();
		assertThat(written.get("changedFields")).isEmpty();
		assertThat(event.routingKey()).isEqualTo("ticket.deleted");
	}

	@Test
	void routingKeysAreTheContractOnes() {
		assertThat(TicketAction.values()).extracting(TicketAction::routingKey)
			.containsExactly("ticket.added", "ticket.updated", "ticket.deleted");
		assertThat(TicketEvents.EXCHANGE).isEqualTo("psa.ticket-events");
		assertThat(TicketEvents.HEADER_TENANT_ID).isEqualTo("tenant-id");
		assertThat(TicketEvents.HEADER_EVENT_ID).isEqualTo("event-id");
	}

}
