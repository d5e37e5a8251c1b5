package com.psabridge.gateway.request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.psabridge.core.queue.RequestDispatcher;
import com.psabridge.gateway.problem.JsonFields;
import com.psabridge.gateway.problem.Problems;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.request.RequestKind;
import com.psabridge.model.request.TicketNote;
import com.psabridge.model.request.TimeEntry;
import io.r2dbc.postgresql.codec.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Operators send dead letters back: as they were, with a fresh retry budget, or with an
 * edited payload as a new request that names the one it replaces. Each replay is logged
 * with the API key that asked for it, and published only after its transaction committed.
 */
@Service
class RequestReplay {

	private static final Logger log = LoggerFactory.getLogger(RequestReplay.class);

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final RequestDispatcher dispatcher;

	private final RequestIntake intake;

	private final ObjectMapper json;

	RequestReplay(DatabaseClient db, TransactionalOperator transactions, RequestDispatcher dispatcher,
			RequestIntake intake, ObjectMapper json) {
		this.db = db;
		this.transactions = transactions;
		this.dispatcher = dispatcher;
		this.intake = intake;
		this.json = json;
	}

	/** DEAD_LETTERED → QUEUED with a fresh budget; 404 unknown, 409 any other status. */
	Mono<UUID> replay(String tenantId, UUID requestId, String actor) {
		return this.db.sql("""
				with replayed as (
				    update psa_request set status = 'QUEUED', retry_count = 0, next_retry_at = null, last_error = null,
				        published_at = null, updated_at = now()
				    where id = :id and tenant_id = :tenantId and status = 'DEAD_LETTERED'
				    returning id, tenant_id, kind),
				logged as (
				    insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, actor)
				    select id, tenant_id, 0, 'REPLAYED', 'QUEUED', :actor from replayed)
				select id, kind from replayed""")
			.bind("id", requestId)
			.bind("tenantId", tenantId)
			.bind("actor", actor)
			.map((row) -> new DeliveryRequested(row.get("id", UUID.class), tenantId,
					RequestKind.valueOf(row.get("kind", String.class))))
			.one()
			.as(this.transactions::transactional)
			.doOnNext(this::publish)
			.map(DeliveryRequested::requestId)
			.switchIfEmpty(Mono.defer(() -> notReplayable(tenantId, requestId)));
	}

	/**
	 * A new request from a dead letter's payload with {@code changes} applied (for
	 * example a corrected {@code userId} or {@code statusId}), validated like a new
	 * request. When a note's text is unchanged and the dead letter already created it,
	 * the new request keeps that note and only does what is left (the status change).
	 */
	Mono<UUID> replayEdited(String tenantId, UUID requestId, JsonNode changes, String actor) {
		return this.db.sql("""
				select kind, payload, connectwise_id, write_unconfirmed, status from psa_request
				where id = :id and tenant_id = :tenantId for update""")
			.bind("id", requestId)
			.bind("tenantId", tenantId)
			.map((row) -> new Original(RequestKind.valueOf(row.get("kind", String.class)),
					row.get("payload", Json.class).asString(), row.get("connectwise_id", Long.class),
					Boolean.TRUE.equals(row.get("write_unconfirmed", Boolean.class)), row.get("status", String.class)))
			.one()
			.switchIfEmpty(Mono.error(() -> Problems.notFound("This tenant has no request " + requestId + ".")))
			.flatMap((original) -> {
				if (!"DEAD_LETTERED".equals(original.status())) {
					return Mono.error(conflict(requestId, original.status()));
				}
				return insertEdited(tenantId, requestId, original, edited(original, changes), actor);
			})
			.as(this.transactions::transactional)
			.doOnNext(this::publish)
			.map(DeliveryRequested::requestId);
	}

	/**
	 * Every DEAD_LETTERED request of the tenant matching the filter goes back to QUEUED.
	 */
	Mono<Integer> replayAll(String tenantId, ReplayFilter filter, String actor) {
		StringBuilder where = new StringBuilder("tenant_id = :tenantId and status = 'DEAD_LETTERED'");
		Map<String, Object> values = new java.util.LinkedHashMap<>();
		values.put("tenantId", tenantId);
		if (filter.kind() != null) {
			where.append(" and kind = :kind");
			values.put("kind", filter.kind().name());
		}
		if (filter.from() != null) {
			where.append(" and created_at >= :from");
			values.put("from", filter.from());
		}
		if (filter.to() != null) {
			where.append(" and created_at < :to");
			values.put("to", filter.to());
		}
		if (filter.errorCode() != null) {
			where.append(" and last_error ->> 'code' = :errorCode");
			values.put("errorCode", filter.errorCode());
		}
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				with replayed as (
				    update psa_request set status = 'QUEUED', retry_count = 0, next_retry_at = null, last_error = null,
				        published_at = null, updated_at = now()
				    where %s
				    returning id, tenant_id, kind),
				logged as (
				    insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, actor)
				    select id, tenant_id, 0, 'REPLAYED', 'QUEUED', :actor from replayed)
				select id, kind from replayed""".formatted(where)).bind("actor", actor);
		for (Map.Entry<String, Object> value : values.entrySet()) {
			spec = spec.bind(value.getKey(), value.getValue());
		}
		return spec
			.map((row) -> new DeliveryRequested(row.get("id", UUID.class), tenantId,
					RequestKind.valueOf(row.get("kind", String.class))))
			.all()
			.collectList()
			.as(this.transactions::transactional)
			.doOnNext((requests) -> requests.forEach(this::publish))
			.map(List::size);
	}

	private Object edited(Original original, JsonNode changes) {
		ObjectNode merged;
		try {
			merged = (ObjectNode) this.json.readTree(original.payload());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored payload does not parse", ex);
		}
		changes.fields().forEachRemaining((change) -> merged.set(change.getKey(), change.getValue()));
		JsonFields fields = JsonFields.of(merged);
		return (original.kind() == RequestKind.TICKET_NOTE) ? RequestPayloads.ticketNote(fields)
				: RequestPayloads.timeEntry(fields);
	}

	private Mono<DeliveryRequested> insertEdited(String tenantId, UUID originalId, Original original, Object payload,
			String actor) {
		UUID id = UUID.randomUUID();
		String canonical = this.intake.canonical(payload);
		long ticketId = (payload instanceof TicketNote note) ? note.ticketId() : ((TimeEntry) payload).ticketId();
		String reference = (payload instanceof TicketNote note) ? note.reference() : ((TimeEntry) payload).reference();
		boolean sameNote = payload instanceof TicketNote note && original.connectwiseId() != null
				&& note.text().equals(originalText(original));
		return this.db.sql("""
				with created as (
				    insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, reference, status,
				        replay_of, connectwise_id, write_unconfirmed)
				    values (:id, :tenantId, :kind, :ticketId, :hash, :payload, :reference, 'QUEUED', :originalId,
				        :connectwiseId, :writeUnconfirmed)
				    returning id, tenant_id),
				logged_new as (
				    insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, actor, error_message)
				    select id, tenant_id, 0, 'ACCEPTED', 'QUEUED', :actor, 'Edited replay of ' || :originalText
				    from created)
				insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, actor, error_message)
				select :originalId, tenant_id, 0, 'REPLAYED_AS', 'DEAD_LETTERED', :actor, 'Replaced by ' || :idText
				from created""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("kind", original.kind().name())
			.bind("ticketId", ticketId)
			.bind("hash", RequestIntake.sha256(canonical))
			.bind("payload", Json.of(canonical))
			.bind("reference", Parameter.fromOrEmpty(reference, String.class))
			.bind("originalId", originalId)
			.bind("originalText", originalId.toString())
			.bind("idText", id.toString())
			.bind("connectwiseId", Parameter.fromOrEmpty(sameNote ? original.connectwiseId() : null, Long.class))
			.bind("writeUnconfirmed", sameNote && original.writeUnconfirmed())
			.bind("actor", actor)
			.then()
			.thenReturn(new DeliveryRequested(id, tenantId, original.kind()));
	}

	private String originalText(Original original) {
		try {
			return this.json.readTree(original.payload()).path("text").asText();
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	private Mono<UUID> notReplayable(String tenantId, UUID requestId) {
		return this.db.sql("select status from psa_request where id = :id and tenant_id = :tenantId")
			.bind("id", requestId)
			.bind("tenantId", tenantId)
			.map((row) -> row.get("status", String.class))
			.one()
			.flatMap((status) -> Mono.<UUID>error(conflict(requestId, status)))
			.switchIfEmpty(Mono.error(() -> Problems.notFound("This tenant has no request " + requestId + ".")));
	}

	private static RuntimeException conflict(UUID requestId, String status) {
		return Problems.exception(Problems.problem(HttpStatus.CONFLICT, Problems.NOT_REPLAYABLE, "Not replayable",
				"Request " + requestId + " is " + status + "; only DEAD_LETTERED requests can be replayed."));
	}

	private void publish(DeliveryRequested request) {
		this.dispatcher.dispatch(request)
			.subscribe(null, (ex) -> log.warn("Replayed request {} is stored but not yet on RabbitMQ ({}); "
					+ "psa-worker's relay will publish it", request.requestId(), ex.toString()));
	}

	/** The bulk replay's filter; null means any. */
	record ReplayFilter(RequestKind kind, Instant from, Instant to, String errorCode) {

	}

	private record Original(RequestKind kind, String payload, Long connectwiseId, boolean writeUnconfirmed,
			String status) {

	}

}
