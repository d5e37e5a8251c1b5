package com.psabridge.gateway.request;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.psabridge.gateway.problem.InvalidFields;
import com.psabridge.gateway.problem.InvalidFields.FieldError;
import com.psabridge.gateway.problem.JsonFields;
import com.psabridge.gateway.problem.Problems;
import com.psabridge.gateway.tenant.TenantId;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enqueue ({@code POST .../ticket-notes}, {@code POST .../time-entries}: 202, or 200 for
 * a repeated idempotency key) and read ({@code GET .../requests/{requestId}} and the post
 * history {@code GET .../requests}).
 */
@RestController
@RequestMapping("/v1/tenants/{tenantId}")
class RequestController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final int MAX_IDEMPOTENCY_KEY = 255;

	private static final int DEFAULT_PAGE = 50;

	private static final int MAX_PAGE = 200;

	private final RequestIntake intake;

	private final RequestStore store;

	RequestController(RequestIntake intake, RequestStore store) {
		this.intake = intake;
		this.store = store;
	}

	@PostMapping(path = "/ticket-notes", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Accepted>> ticketNote(@PathVariable String tenantId,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@RequestBody JsonNode body) {
		TicketNote note = RequestPayloads.ticketNote(fields(tenantId, idempotencyKey, body));
		return this.intake
			.accept(tenantId, idempotencyKey, RequestKind.TICKET_NOTE, note.ticketId(), note.reference(), note)
			.map((acceptance) -> answer(tenantId, acceptance));
	}

	@PostMapping(path = "/time-entries", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Accepted>> timeEntry(@PathVariable String tenantId,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@RequestBody JsonNode body) {
		TimeEntry entry = RequestPayloads.timeEntry(fields(tenantId, idempotencyKey, body));
		return this.intake
			.accept(tenantId, idempotencyKey, RequestKind.TIME_ENTRY, entry.ticketId(), entry.reference(), entry)
			.map((acceptance) -> answer(tenantId, acceptance));
	}

	@GetMapping("/requests/{requestId}")
	Mono<RequestView> request(@PathVariable String tenantId, @PathVariable String requestId) {
		TenantId.require(tenantId);
		UUID id = parseId(requestId);
		return (id != null) ? this.store.find(tenantId, id).switchIfEmpty(Mono.error(() -> notFound(requestId)))
				: Mono.error(notFound(requestId));
	}

	/**
	 * The post history, newest first. Filters and paging come as query parameters; every
	 * bad one is listed.
	 */
	@GetMapping("/requests")
	Mono<RequestView.Page> requests(@PathVariable String tenantId, @RequestParam(required = false) String status,
			@RequestParam(required = false) String ticketId, @RequestParam(required = false) String reference,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
		List<FieldError> errors = new ArrayList<>();
		if (!TenantId.isValid(tenantId)) {
			errors.add(new FieldError("tenantId", TenantId.RULE));
		}
		RequestStatus wantedStatus = parse(status, RequestStatus::valueOf, "status",
				"must be one of " + Arrays.toString(RequestStatus.values()), errors);
		Long wantedTicket = parse(ticketId, Long::valueOf, "ticketId", "must be a positive whole number", errors);
		if (wantedTicket != null && wantedTicket < 1) {
			errors.add(new FieldError("ticketId", "must be a positive whole number"));
		}
		if (reference != null && (reference.length() > 255 || !JsonFields.isStorable(reference))) {
			errors.add(new FieldError("reference", "must be at most 255 characters, without NUL"));
		}
		Integer pageSize = parse(limit, Integer::valueOf, "limit", "must be a whole number from 1 to " + MAX_PAGE,
				errors);
		if (pageSize != null && (pageSize < 1 || pageSize > MAX_PAGE)) {
			errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_PAGE));
		}
		HistoryCursor after = parse(cursor, HistoryCursor::decode, "cursor", "is not a cursor this API answered",
				errors);
		if (!errors.isEmpty()) {
			throw new InvalidFields(errors);
		}
		int size = (pageSize != null) ? pageSize : DEFAULT_PAGE;
		// One more than asked tells whether there is a next page.
		return this.store
			.list(tenantId, new RequestStore.RequestFilter(wantedStatus, wantedTicket, reference), after, size + 1)
			.collectList()
			.map((found) -> (found.size() > size)
					? new RequestView.Page(found.subList(0, size), HistoryCursor.after(found.get(size - 1)).encode())
					: new RequestView.Page(found, null));
	}

	/** The parsed parameter, null if absent; a value that does not parse is an error. */
	private static <T> T parse(String value, Function<String, T> parser, String name, String rule,
			List<FieldError> errors) {
		if (value == null) {
			return null;
		}
		try {
			T parsed = parser.apply(value);
			if (parsed == null) {
				errors.add(new FieldError(name, rule));
			}
			return parsed;
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError(name, rule));
			return null;
		}
	}

	/** The body's fields, with the path's and the header's errors already recorded. */
	private static JsonFields fields(String tenantId, String idempotencyKey, JsonNode body) {
		JsonFields fields = JsonFields.of(body);
		TenantId.check(tenantId, fields);
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
			fields.reject(IDEMPOTENCY_KEY, "must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
		}
		return fields;
	}

	private static ResponseEntity<Accepted> answer(String tenantId, RequestIntake.Acceptance acceptance) {
		URI location = URI.create("/v1/tenants/" + tenantId + "/requests/" + acceptance.requestId());
		return ResponseEntity.status(acceptance.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
			.location(location)
			.body(new Accepted(acceptance.requestId(), "QUEUED", acceptance.reference()));
	}

	private static UUID parseId(String requestId) {
		try {
			return UUID.fromString(requestId);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static ErrorResponseException notFound(String requestId) {
		return Problems.notFound("This tenant has no request " + requestId + ".");
	}

	/**
	 * The answer to an accepted request: always the first answer, also when an
	 * idempotency key repeats it.
	 */
	record Accepted(UUID requestId, String status, String reference) {

	}

}
