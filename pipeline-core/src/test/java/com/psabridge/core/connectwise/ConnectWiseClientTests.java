package com.psabridge.core.connectwise;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.connectwise.CallOutcome.Result;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.core.tenant.MemberMapping.MatchedBy;
import com.psabridge.core.tenant.TenantConnection;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.Rounding;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import com.psabridge.simulator.ConnectWiseSimulator;
import com.psabridge.simulator.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against the ConnectWise simulator, without Spring: every answer ConnectWise
 * gives becomes the right {@link CallOutcome}.
 */
class ConnectWiseClientTests {

	private static final String NOTES = ".*/service/tickets/\\d+/notes";

	private static ConnectWiseSimulator connectWise;

	private static ConnectWiseClient client;

	private static TenantConnection acme;

	private final TicketNote note = new TicketNote(4711, "text", NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL,
			"u-42", null, null);

	private final MemberMapping jdoe = new MemberMapping("u-42", 151, "jdoe", MatchedBy.MANUAL);

	@BeforeAll
	static void startConnectWise() {
		connectWise = ConnectWiseSimulator.start(0);
		connectWise.addCompany("acme", "pub", "priv");
		connectWise.addMember(151, "jdoe", "john.doe@example.com", false);
		acme = new TenantConnection("acme", connectWise.origin(), "acme", "pub", "priv", "v4_6_release", "psabridge",
				true);
		client = new ConnectWiseClient(WebClient.builder(),
				new ConnectWiseProperties("client-guid", "2025.8", true, Duration.ofSeconds(1), Duration.ofMillis(800)),
				new ObjectMapper());
	}

	@AfterEach
	void reset() {
		connectWise.reset();
	}

	@AfterAll
	static void stopConnectWise() {
		connectWise.close();
	}

	@Test
	void createdNoteAnswersItsId() {
		CallOutcome outcome = client.postTicketNote(acme, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.SUCCEEDED);
		assertThat(outcome.httpStatus()).isEqualTo(201);
		assertThat(outcome.recordId()).isEqualTo(connectWise.notes(4711).get(0).get("id").asLong());
		assertThat(outcome.connectWiseRequestId()).isNotBlank();
	}

	@Test
	void findsANoteAnEarlierAttemptCreatedBySameTextAndMember() {
		Instant accepted = Instant.now();
		connectWise.inject(Fault.on("POST", NOTES).commitThenDelay(Duration.ofSeconds(2)));
		client.postTicketNote(acme, this.note, this.jdoe).block();
		TicketNote other = new TicketNote(4711, "other text", NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL,
				"u-42", null, null);
		client.postTicketNote(acme, other, this.jdoe).block();

		CallOutcome found = client.findTicketNote(acme, this.note, this.jdoe, accepted).block();

		assertThat(found.succeeded()).isTrue();
		assertThat(found.recordId()).isEqualTo(connectWise.notes(4711).get(0).get("id").asLong());
	}

	@Test
	void findsNoNoteWhenNoneWasCreated() {
		client
			.postTicketNote(acme,
					new TicketNote(4711, "something else", NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL, "u-42",
							null, null),
					this.jdoe)
			.block();
		CallOutcome found = client.findTicketNote(acme, this.note, this.jdoe, Instant.now()).block();
		assertThat(found.succeeded()).isTrue();
		assertThat(found.recordId()).isNull();
	}

	@Test
	void findsATimeEntryByTicketMemberAndStart() {
		TimeEntry entry = new TimeEntry(4711, "u-42", Instant.parse("2026-11-22T14:00:00Z"),
				Instant.parse("2026-11-22T14:37:00Z"), Rounding.QUARTER_HOUR, null, null, null, null);
		assertThat(client.findTimeEntry(acme, entry, this.jdoe).block().recordId()).isNull();
		long created = client.postTimeEntry(acme, entry, this.jdoe).block().recordId();
		assertThat(client.findTimeEntry(acme, entry, this.jdoe).block().recordId()).isEqualTo(created);
	}

	@Test
	void systemInfoAnswersTheServerVersion() {
		CallOutcome outcome = client.systemInfo(acme).block();
		assertThat(outcome.succeeded()).isTrue();
		assertThat(outcome.detail()).startsWith("v");
	}

	@Test
	void wrongKeysAreAccessDenied() {
		TenantConnection wrong = new TenantConnection("acme", connectWise.origin(), "acme", "pub", "wrong",
				"v4_6_release", null, true);
		CallOutcome outcome = client.systemInfo(wrong).block();
		assertThat(outcome.result()).isEqualTo(Result.ACCESS_DENIED);
		assertThat(outcome.httpStatus()).isEqualTo(401);
	}

	@Test
	void missingSecurityRightIsAccessDeniedWithConnectWisesMessage() {
		connectWise.inject(Fault.on("POST", NOTES).securityError());
		CallOutcome outcome = client.postTicketNote(acme, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.ACCESS_DENIED);
		assertThat(outcome.errorCode()).isEqualTo("Security");
		assertThat(outcome.errorMessage()).contains("security permission");
	}

	@Test
	void missingTicketIsPermanent() {
		connectWise.removeTicket(4711);
		CallOutcome outcome = client.postTicketNote(acme, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.PERMANENT_FAILURE);
		assertThat(outcome.httpStatus()).isEqualTo(404);
		assertThat(outcome.errorCode()).isEqualTo("NotFound");
	}

	@Test
	void statusNotOnTheBoardIsPermanentWithTheFieldError() {
		CallOutcome outcome = client.changeTicketStatus(acme, 4711, 999).block();
		assertThat(outcome.result()).isEqualTo(Result.PERMANENT_FAILURE);
		assertThat(outcome.errorCode()).isEqualTo("InvalidObject");
		assertThat(outcome.errorMessage()).contains("status/id: Service Status 999 not found").contains("(NotFound)");
	}

	@Test
	void tooManyRequestsIsTransientWithRetryAfter() {
		connectWise.inject(Fault.on("POST", NOTES).retryAfter(429, "3"));
		CallOutcome outcome = client.postTicketNote(acme, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.TRANSIENT_FAILURE);
		assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(3));
		assertThat(outcome.outcomeUnknown()).isFalse();
	}

	@Test
	void htmlErrorPageFromTheEdgeIsStillClassifiedAndReadable() {
		connectWise.inject(Fault.on("POST", NOTES).html(503));
		CallOutcome outcome = client.postTicketNote(acme, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.TRANSIENT_FAILURE);
		assertThat(outcome.errorCode()).isEqualTo("Http503");
		assertThat(outcome.errorMessage()).doesNotContain("<");
		assertThat(outcome.outcomeUnknown()).isTrue();
	}

	@Test
	void timeoutAfterTheWriteLeavesTheOutcomeUnknown() {
		connectWise.inject(Fault.on("POST", NOTES).commitThenDelay(Duration.ofSeconds(2)));
		CallOutcome outcome = client.postTicketNote(acme, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.TRANSIENT_FAILURE);
		assertThat(outcome.errorCode()).isEqualTo("Timeout");
		assertThat(outcome.outcomeUnknown()).isTrue();
		assertThat(connectWise.notes(4711)).hasSize(1);
	}

	@Test
	void connectionResetIsTransientWithAnUnknownOutcome() {
		connectWise.inject(Fault.on("POST", NOTES).connectionReset());
		CallOutcome outcome = client.postTicketNote(acme, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.TRANSIENT_FAILURE);
		assertThat(outcome.outcomeUnknown()).isTrue();
	}

	@Test
	void nothingListeningIsTransientAndKnownNotWritten() {
		TenantConnection closed = new TenantConnection("acme", "http://127.0.0.1:1", "acme", "pub", "priv",
				"v4_6_release", null, true);
		CallOutcome outcome = client.postTicketNote(closed, this.note, this.jdoe).block();
		assertThat(outcome.result()).isEqualTo(Result.TRANSIENT_FAILURE);
		assertThat(outcome.errorCode()).isEqualTo("ConnectionFailed");
		assertThat(outcome.outcomeUnknown()).isFalse();
	}

	@Test
	void plainHttpSiteIsRefusedUnlessAllowed() {
		ConnectWiseClient strict = new ConnectWiseClient(WebClient.builder(),
				new ConnectWiseProperties("client-guid", "2025.8", false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
				new ObjectMapper());
		CallOutcome outcome = strict.systemInfo(acme).block();
		assertThat(outcome.result()).isEqualTo(Result.PERMANENT_FAILURE);
		assertThat(outcome.errorCode()).isEqualTo("InvalidSite");
		assertThat(connectWise.calls()).isEmpty();
	}

	@Test
	void codebaseFromCompanyInfoWithTrailingSlashMakesAValidPath() {
		TenantConnection cloudStyle = new TenantConnection("acme", connectWise.origin(), "acme", "pub", "priv",
				"v2025_1/", null, true);
		assertThat(client.systemInfo(cloudStyle).block().succeeded()).isTrue();
		assertThat(connectWise.calls().get(0).path()).isEqualTo("/v2025_1/apis/3.0/system/info");
	}

}
