package com.psabridge.gateway.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.queue.RequestDispatcher;
import com.psabridge.gateway.problem.Problems;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.request.RequestKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Accepts a request: stores it (the answer waits for the commit), then hands it to
 * RabbitMQ in the background. A publish that fails leaves {@code published_at} null and
 * psa-worker's relay publishes the request later, so the client never waits for, or fails
 * because of, the broker.
 */
@Service
class RequestIntake {

	private static final Logger log = LoggerFactory.getLogger(RequestIntake.class);

	private final GroupCommit inserts;

	private final RequestStore store;

	private final RequestDispatcher dispatcher;

	private final ObjectMapper json;

	private final Map<RequestKind, Counter> accepted = new EnumMap<>(RequestKind.class);

	RequestIntake(GroupCommit inserts, RequestStore store, RequestDispatcher dispatcher, ObjectMapper json,
			MeterRegistry meters) {
		this.inserts = inserts;
		this.store = store;
		this.dispatcher = dispatcher;
		this.json = json;
		// Registered once: a look-up by name and tags on every request is a new meter id
		// and a map search each time.
		for (RequestKind kind : RequestKind.values()) {
			this.accepted.put(kind, meters.counter("psa.requests.accepted", "kind", kind.name()));
		}
	}

	/**
	 * Stores the payload as a QUEUED request. With an idempotency key already used by the
	 * tenant, answers the earlier request if the payload is the same, and fails with a
	 * 422 problem if it is not.
	 */
	Mono<Acceptance> accept(String tenantId, String idempotencyKey, RequestKind kind, long ticketId, String reference,
			Object payload) {
		String canonical = canonical(payload);
		String hash = sha256(canonical);
		RequestStore.NewRequest request = new RequestStore.NewRequest(UUID.randomUUID(), tenantId, kind, ticketId,
				idempotencyKey, hash, canonical, reference);
		return this.inserts.insert(request).map((id) -> {
			this.accepted.get(kind).increment();
			publish(new DeliveryRequested(id, tenantId, kind));
			return new Acceptance(id, reference, false);
		}).switchIfEmpty(Mono.defer(() -> earlier(tenantId, idempotencyKey, kind, hash)));
	}

	private Mono<Acceptance> earlier(String tenantId, String idempotencyKey, RequestKind kind, String hash) {
		return this.store.findByIdempotencyKey(tenantId, idempotencyKey)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Idempotency key conflict without a request")))
			.flatMap((earlier) -> {
				if (earlier.kind() != kind || !earlier.payloadHash().equals(hash)) {
					return Mono.error(Problems.exception(Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY,
							Problems.IDEMPOTENCY_KEY_REUSED, "Idempotency key reused",
							"This Idempotency-Key was already used with a different body (request " + earlier.id()
									+ "). Use a new key for a new request.")));
				}
				return Mono.just(new Acceptance(earlier.id(), earlier.reference(), true));
			});
	}

	private void publish(DeliveryRequested request) {
		this.dispatcher.dispatch(request)
			.subscribe(null,
					(ex) -> log.warn(
							"Request {} of tenant {} is stored but not yet on RabbitMQ ({}); "
									+ "psa-worker's relay will publish it",
							request.requestId(), request.tenantId(), ex.toString()));
	}

	String canonical(Object payload) {
		try {
			return this.json.writeValueAsString(payload);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not serialise a " + payload.getClass().getSimpleName(), ex);
		}
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A stored request.
	 *
	 * @param replayed true when the idempotency key had already stored it
	 */
	record Acceptance(UUID requestId, String reference, boolean replayed) {

	}

}
