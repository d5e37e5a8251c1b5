package com.psabridge.worker.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.simulator.Fault;
import com.psabridge.simulator.RecordedCall;
import com.psabridge.worker.WorkerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TicketNoteDeliveryIntegrationTests extends WorkerIntegrationTests {

	@Test
	void deliversANoteOnceWithTheFlagsAndMemberOfTheRequest() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = accept(tenant, new TicketNote(ticketId, "Reset the VPN profile", NoteType.RESOLUTION,
				NoteVisibility.INTERNAL_AND_EXTERNAL, "u-42", null, "session-1"));

		Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED);

		List<JsonNode> notes = connectWise.notes(ticketId);
		assertThat(notes).hasSize(1);
		JsonNode note = notes.get(0);
		assertThat(note.get("text").asText()).isEqualTo("Reset the VPN profile");
		assertThat(note.get("resolutionFlag").asBoolean()).isTrue();
		assertThat(note.get("detailDescriptionFlag").asBoolean()).isFalse();
		assertThat(note.get("internalAnalysisFlag").asBoolean()).isFalse();
		assertThat(note.get("internalFlag").asBoolean()).isTrue();
		assertThat(note.get("externalFlag").asBoolean()).isTrue();
		assertThat(note.get("member").get("id").asInt()).isEqualTo(JDOE);
		assertThat(row.get("connectwise_id")).isEqualTo(note.get("id").asLong());
		assertThat(row.get("retry_count")).isEqualTo(0);
		assertThat(activity(id)).containsExactly("POST_NOTE:SUCCEEDED", "STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void callsConnectWiseWithBasicAuthClientIdAndThePinnedVersion() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = accept(tenant,
				new TicketNote(ticketId, "x", NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL, "u-42", null, null));
		awaitStatus(id, RequestStatus.SUCCEEDED);

		RecordedCall call = connectWise.calls()
			.stream()
			.filter((c) -> c.path().endsWith("/service/tickets/" + ticketId + "/notes"))
			.findFirst()
			.orElseThrow();
		String companyId = companyOf(call);
		String expected = "Basic " + Base64.getEncoder()
			.encodeToString((companyId + "+pub-" + companyId + ":priv-" + companyId).getBytes(StandardCharsets.UTF_8));
		assertThat(header(call, "Authorization")).isEqualTo(expected);
		assertThat(header(call, "clientId")).isEqualTo("11111111-2222-3333-4444-555555555555");
		assertThat(header(call, "Accept")).isEqualTo("application/vnd.connectwise.com+json; version=2025.8");
		assertThat(call.path()).startsWith("/v4_6_release/apis/3.0/");
	}

	@Test
	void changesTheTicketStatusAfterTheNote() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = accept(tenant,
				new TicketNote(ticketId, "Fixed", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", 17, null));

		awaitStatus(id, RequestStatus.SUCCEEDED);

		assertThat(connectWise.notes(ticketId)).hasSize(1);
		assertThat(connectWise.ticketStatusId(ticketId)).isEqualTo(17);
		assertThat(activity(id)).containsExactly("POST_NOTE:SUCCEEDED", "PATCH_STATUS:SUCCEEDED",
				"STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void statusNotOnTheBoardDeadLettersWithConnectWisesErrorAndKeepsTheNote() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = accept(tenant,
				new TicketNote(ticketId, "Fixed", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", 999, null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.DEAD_LETTERED);

		assertThat(connectWise.notes(ticketId)).hasSize(1);
		assertThat(row.get("connectwise_id")).isNotNull();
		assertThat(row.get("last_error").toString()).contains("InvalidObject").contains("Service Status 999 not found");
		assertThat(activity(id)).containsExactly("POST_NOTE:SUCCEEDED", "PATCH_STATUS:PERMANENT_FAILURE",
				"STATE_CHANGE:DEAD_LETTERED");
	}

	@Test
	void noteOfAnUnmappedUserIsPostedAsTheApiMemberAndTheDecisionLogged() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = accept(tenant,
				new TicketNote(ticketId, "x", NoteType.DESCRIPTION, NoteVisibility.INTERNAL, "u-unmapped", null, null));

		awaitStatus(id, RequestStatus.SUCCEEDED);

		JsonNode note = connectWise.notes(ticketId).get(0);
		assertThat(note.get("detailDescriptionFlag").asBoolean()).isTrue();
		assertThat(note.get("member").get("id").asInt()).isNotEqualTo(JDOE);
		assertThat(activity(id)).containsExactly("MEMBER_UNMAPPED:POSTED_AS_API_MEMBER", "POST_NOTE:SUCCEEDED",
				"STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void transientFailureSchedulesARetryThatLooksForTheNoteThenDeliversOnce() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		connectWise.inject(Fault.on("POST", ".*/service/tickets/" + ticketId + "/notes")
			.status(503, "{\"code\":\"ConnectWiseApi\",\"message\":\"Service unavailable\"}", "application/json"));
		UUID id = accept(tenant,
				new TicketNote(ticketId, "x", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", null, null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED);

		assertThat(connectWise.notes(ticketId)).hasSize(1);
		assertThat(row.get("retry_count")).isEqualTo(1);
		// A 503 may come after the note was stored: the retry looks before it posts.
		assertThat(activity(id)).containsExactly("POST_NOTE:TRANSIENT_FAILURE", "STATE_CHANGE:RETRY_SCHEDULED",
				"FIND_NOTE:NOT_FOUND", "POST_NOTE:SUCCEEDED", "STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void aDuplicateMessageDeliversNothingTwice() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		TicketNote note = new TicketNote(ticketId, "x", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", null,
				null);
		UUID id = accept(tenant, note);
		awaitStatus(id, RequestStatus.SUCCEEDED);

		this.dispatcher
			.publish(new com.psabridge.model.queue.DeliveryRequested(id, tenant,
					com.psabridge.model.request.RequestKind.TICKET_NOTE))
			.block();
		UUID later = accept(tenant,
				new TicketNote(ticketId, "y", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", null, null));
		awaitStatus(later, RequestStatus.SUCCEEDED);

		assertThat(connectWise.notes(ticketId)).extracting((n) -> n.get("text").asText()).containsExactly("x", "y");
		assertThat(activity(id)).containsExactly("POST_NOTE:SUCCEEDED", "STATE_CHANGE:SUCCEEDED");
	}

	@Test
	void requestStoredWhileTheBrokerWasDownIsPublishedByTheRelayAndDelivered() {
		String tenant = connectedTenant();
		long ticketId = newTicketId();
		UUID id = acceptWithoutPublishing(tenant,
				new TicketNote(ticketId, "x", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", null, null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.SUCCEEDED);

		assertThat(row.get("published_at")).isNotNull();
		assertThat(connectWise.notes(ticketId)).hasSize(1);
	}

	@Test
	void tenantWithoutAConnectionIsDeadLetteredWithAnExplanation() {
		long ticketId = newTicketId();
		UUID id = accept("t-unconnected-" + UUID.randomUUID(),
				new TicketNote(ticketId, "x", NoteType.RESOLUTION, NoteVisibility.INTERNAL, "u-42", null, null));

		Map<String, Object> row = awaitStatus(id, RequestStatus.DEAD_LETTERED);

		assertThat(row.get("last_error").toString()).contains("NotConnected");
		assertThat(connectWise.notes(ticketId)).isEmpty();
	}

	private static String header(RecordedCall call, String name) {
		return call.headers()
			.entrySet()
			.stream()
			.filter((e) -> e.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static String companyOf(RecordedCall call) {
		String decoded = new String(Base64.getDecoder().decode(header(call, "Authorization").substring(6)),
				StandardCharsets.UTF_8);
		return decoded.substring(0, decoded.indexOf('+'));
	}

}
