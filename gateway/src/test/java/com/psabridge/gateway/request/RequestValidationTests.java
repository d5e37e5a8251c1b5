package com.psabridge.gateway.request;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.psabridge.gateway.problem.WebSlice;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The enqueue and read endpoints' validation, on the controller alone: every bad field
 * comes back in one 400 problem, and nothing bad reaches the store.
 */
class RequestValidationTests {

	private final RequestIntake intake = mock(RequestIntake.class);

	private final WebTestClient web = WebSlice
		.bindToController(new RequestController(this.intake, mock(RequestStore.class)))
		.build();

	@Test
	void listsEveryMissingFieldOfATicketNoteAtOnce() {
		postNote("acme", Map.of()).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:invalid-fields")
			.jsonPath("$.title")
			.isNotEmpty()
			.jsonPath("$.detail")
			.isNotEmpty()
			.jsonPath("$.errors.length()")
			.isEqualTo(5)
			.jsonPath("$.errors[?(@.field == 'ticketId')].message")
			.isEqualTo("is required")
			.jsonPath("$.errors[?(@.field == 'text')].message")
			.isEqualTo("is required")
			.jsonPath("$.errors[?(@.field == 'noteType')].message")
			.isEqualTo("is required")
			.jsonPath("$.errors[?(@.field == 'visibility')].message")
			.isEqualTo("is required")
			.jsonPath("$.errors[?(@.field == 'userId')].message")
			.isEqualTo("is required");
		verifyNoInteractions(this.intake);
	}

	@Test
	void listsValuesOfTheWrongJsonTypeLikeMissingFields() {
		Map<String, Object> note = note();
		note.put("ticketId", "12345");
		note.put("text", 42);
		note.put("userId", new String[] { "u-42" });
		note.put("statusId", 1.5);
		note.put("reference", false);
		postNote("acme", note).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(5)
			.jsonPath("$.errors[?(@.field == 'ticketId')].message")
			.isEqualTo("must be a whole number")
			.jsonPath("$.errors[?(@.field == 'text')].message")
			.isEqualTo("must be a string")
			.jsonPath("$.errors[?(@.field == 'userId')].message")
			.isEqualTo("must be a string")
			.jsonPath("$.errors[?(@.field == 'statusId')].message")
			.isEqualTo("must be a whole number")
			.jsonPath("$.errors[?(@.field == 'reference')].message")
			.isEqualTo("must be a string");
		verifyNoInteractions(this.intake);
	}

	@Test
	void listsUnknownEnumNamesWithTheAllowedOnes() {
		Map<String, Object> note = note();
		note.put("noteType", "PRIVATE");
		note.put("visibility", "internal");
		postNote("acme", note).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[?(@.field == 'noteType')].message")
			.isEqualTo("must be one of DESCRIPTION, INTERNAL_ANALYSIS, RESOLUTION")
			.jsonPath("$.errors[?(@.field == 'visibility')].message")
			.isEqualTo("must be one of INTERNAL, INTERNAL_AND_EXTERNAL");
	}

	@Test
	void enforcesTheBoundsOfEveryTicketNoteField() {
		Map<String, Object> note = note();
		note.put("ticketId", 0);
		note.put("text", "x".repeat(50_001));
		note.put("userId", "u".repeat(129));
		note.put("statusId", -3);
		note.put("reference", "r".repeat(256));
		postNote("acme", note).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(containsInAnyOrder("ticketId", "text", "userId", "statusId", "reference"));
	}

	@Test
	void refusesABlankText() {
		Map<String, Object> note = note();
		note.put("text", "   ");
		postNote("acme", note).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("text")
			.jsonPath("$.errors[0].message")
			.isEqualTo("must not be blank");
	}

	@Test
	void refusesUnknownFieldsSoThatATypoIsNotDroppedSilently() {
		Map<String, Object> note = note();
		note.put("statusID", 17);
		postNote("acme", note).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("statusID")
			.jsonPath("$.errors[0].message")
			.isEqualTo("is not a known field");
	}

	@Test
	void refusesABodyThatIsNotAJsonObject() {
		this.web.post()
			.uri("/v1/tenants/acme/ticket-notes")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[1, 2]")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
	}

	@Test
	void answersMalformedJsonWithAProblemThatDoesNotQuoteTheBody() {
		this.web.post()
			.uri("/v1/tenants/acme/ticket-notes")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"ticketId\": 1, \"text\": \"secret-ish\"")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("urn:psa-bridge:problem:malformed-body")
				.doesNotContain("secret-ish"));
	}

	@Test
	void refusesABodyOverTheSizeLimitWith413() {
		Map<String, Object> note = note();
		note.put("text", "x".repeat(600 * 1024));
		postNote("acme", note).expectStatus()
			.isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:psa-bridge:problem:body-too-large");
		verifyNoInteractions(this.intake);
	}

	@Test
	void listsABadTenantIdWithTheBodysErrors() {
		Map<String, Object> note = note();
		note.remove("text");
		postNote("no spaces allowed", note).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(containsInAnyOrder("tenantId", "text"));
		postNote("t".repeat(65), note()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("tenantId");
	}

	@Test
	void refusesAnIdempotencyKeyLongerThan255Characters() {
		this.web.post()
			.uri("/v1/tenants/acme/ticket-notes")
			.header("Idempotency-Key", "k".repeat(256))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(note())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("Idempotency-Key");
		verifyNoInteractions(this.intake);
	}

	@Test
	void refusesATimeEndBeforeTimeStart() {
		Map<String, Object> entry = timeEntry();
		entry.put("timeEnd", "2026-11-22T13:59:00Z");
		postTimeEntry(entry).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo("timeEnd")
			.jsonPath("$.errors[0].message")
			.isEqualTo("must be after timeStart");
	}

	@Test
	void refusesATimeEntryLongerThan24Hours() {
		Map<String, Object> entry = timeEntry();
		entry.put("timeEnd", "2026-11-23T14:00:01Z");
		postTimeEntry(entry).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].message")
			.isEqualTo("must be at most 24 hours after timeStart");
	}

	@Test
	void listsEveryBadTimeEntryField() {
		Map<String, Object> entry = timeEntry();
		entry.put("timeStart", "yesterday");
		entry.put("timeEnd", "2026-11-22T14:37:00");
		entry.put("rounding", "MINUTE");
		entry.put("billableOption", "BILLABLE");
		entry.put("workTypeId", 0);
		entry.put("notes", "n".repeat(10_001));
		entry.remove("userId");
		postTimeEntry(entry).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(containsInAnyOrder("timeStart", "timeEnd", "rounding", "billableOption", "workTypeId", "notes",
					"userId"))
			.jsonPath("$.errors[?(@.field == 'billableOption')].message")
			.isEqualTo("must be one of Billable, DoNotBill, NoCharge, NoDefault");
	}

	@Test
	void acceptsAValidNoteWith202AndItsLocation() {
		UUID requestId = UUID.randomUUID();
		given(this.intake.accept(eq("acme"), eq(null), any(), anyLong(), eq("session-9f1c"), any()))
			.willReturn(Mono.just(new RequestIntake.Acceptance(requestId, "session-9f1c", false)));
		postNote("acme", note()).expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "/v1/tenants/acme/requests/" + requestId)
			.expectBody()
			.jsonPath("$.requestId")
			.isEqualTo(requestId.toString())
			.jsonPath("$.status")
			.isEqualTo("QUEUED")
			.jsonPath("$.reference")
			.isEqualTo("session-9f1c");
	}

	@Test
	void answers404ForARequestIdThatIsNotAUuid() {
		this.web.get()
			.uri("/v1/tenants/acme/requests/not-a-uuid")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private WebTestClient.ResponseSpec postNote(String tenantId, Object body) {
		return this.web.post()
			.uri("/v1/tenants/{tenantId}/ticket-notes", tenantId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec postTimeEntry(Object body) {
		return this.web.post()
			.uri("/v1/tenants/acme/time-entries")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static Map<String, Object> note() {
		return new HashMap<>(Map.of("ticketId", 12345, "text", "Session summary", "noteType", "INTERNAL_ANALYSIS",
				"visibility", "INTERNAL", "userId", "u-42", "statusId", 17, "reference", "session-9f1c"));
	}

	private static Map<String, Object> timeEntry() {
		return new HashMap<>(Map.of("ticketId", 12345, "userId", "u-42", "timeStart", "2026-11-22T14:00:00Z", "timeEnd",
				"2026-11-22T14:37:00Z", "rounding", "QUARTER_HOUR", "notes", "Troubleshooting session"));
	}

}
