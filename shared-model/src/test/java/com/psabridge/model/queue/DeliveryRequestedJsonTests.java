package com.psabridge.model.queue;

import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.request.RequestKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryRequestedJsonTests {

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void wireFormatIsStable() throws Exception {
		UUID id = UUID.fromString("6f1c3a52-0d0e-4a5f-9a43-3a1f4b0c2d11");
		String written = this.json.writeValueAsString(new DeliveryRequested(id, "acme", RequestKind.TICKET_NOTE));
		assertThat(written).isEqualTo(
				"{\"requestId\":\"6f1c3a52-0d0e-4a5f-9a43-3a1f4b0c2d11\",\"tenantId\":\"acme\",\"kind\":\"TICKET_NOTE\"}");
		assertThat(this.json.readValue(written, DeliveryRequested.class))
			.isEqualTo(new DeliveryRequested(id, "acme", RequestKind.TICKET_NOTE));
	}

}
