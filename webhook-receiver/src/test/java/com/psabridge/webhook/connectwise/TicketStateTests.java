package com.psabridge.webhook.connectwise;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.event.TicketReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TicketStateTests {

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void normalisesConnectWiseTicketReferencesAndDropsTheirInfo() throws Exception {
		TicketState state = TicketState.of(this.json.readTree("""
				{"id": 12345, "summary": "Printer offline", "recordType": "ServiceTicket",
				 "board": {"id": 1, "name": "Service Board", "_info": {"board_href": "https://x"}},
				 "status": {"id": 17, "name": "In Progress", "Sort": 2},
				 "company": {"id": 250, "identifier": "Acme", "name": "Acme Corp"},
				 "contact": {"id": 57937, "name": "Joshua Marvin"},
				 "type": {"id": 3, "name": "Hardware"}, "subType": {"id": 9, "name": "Printer"},
				 "item": {"id": 4, "name": "Offline"}, "priority": {"id": 4, "name": "Priority 3", "sort": 6},
				 "owner": {"id": 151, "identifier": "jdoe", "name": "John Doe"},
				 "_info": {"lastUpdated": "2026-11-22T14:00:00Z", "updatedBy": "jdoe"}}"""));
		assertThat(state.ticket().board()).isEqualTo(new TicketReference(1L, null, "Service Board"));
		assertThat(state.ticket().company()).isEqualTo(new TicketReference(250L, "Acme", "Acme Corp"));
		assertThat(state.ticket().owner().identifier()).isEqualTo("jdoe");
		assertThat(state.ticket().subType().name()).isEqualTo("Printer");
		assertThat(state.lastUpdated()).isEqualTo(Instant.parse("2026-11-22T14:00:00Z"));
		assertThat(state.missingFields()).isEmpty();
	}

	@Test
	void namesTheFieldsEveryTicketHasWhenTheEntityIsPartial() throws Exception {
		TicketState partial = TicketState.of(this.json.readTree("""
				{"id": 1, "summary": "s", "owner": "not an object", "_info": {"lastUpdated": "yesterday"}}"""));
		assertThat(partial.missingFields()).containsExactly("board", "status", "company", "priority");
		assertThat(partial.ticket().owner()).isNull();
		assertThat(partial.lastUpdated()).isNull();
		assertThat(TicketState.of(null).missingFields()).hasSize(5);
	}

	@Test
	void fillsOnlyTheMissingFieldsFromAnotherRead() throws Exception {
		TicketState entity = TicketState.of(this.json.readTree("""
				{"summary": "from the callback", "_info": {"lastUpdated": "2026-11-22T14:00:00Z"}}"""));
		TicketState read = TicketState.of(this.json.readTree("""
				{"summary": "read later", "board": {"id": 1, "name": "B"}, "status": {"id": 2, "name": "S"},
				 "_info": {"lastUpdated": "2026-11-22T15:00:00Z"}}"""));
		TicketState merged = entity.orElse(read);
		assertThat(merged.ticket().summary()).isEqualTo("from the callback");
		assertThat(merged.ticket().status().name()).isEqualTo("S");
		assertThat(merged.lastUpdated()).isEqualTo(Instant.parse("2026-11-22T14:00:00Z"));
	}

	@Test
	void removesNulCharactersThatPostgresCannotStore() throws Exception {
		TicketState state = TicketState.of(this.json.readTree("{\"summary\": \"a\\u0000b\"}"));
		assertThat(state.ticket().summary()).isEqualTo("ab");
	}

}
