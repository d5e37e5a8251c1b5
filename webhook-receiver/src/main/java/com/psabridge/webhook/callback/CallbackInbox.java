package com.psabridge.webhook.callback;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.event.TicketEvent;
import com.psabridge.webhook.event.PriorTicket;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * {@code psa_callback_inbox}: one row per distinct callback message. The unique
 * {@code message_id} is the de-duplication (an insert that conflicts writes nothing); a
 * row with an event is the event's outbox. A ticket's snapshot is written by the same
 * statement as its callback's row, so the two never disagree and cost one round trip.
 */
@Repository
class CallbackInbox {

	private final DatabaseClient db;

	private final ObjectMapper json;

	CallbackInbox(DatabaseClient db, ObjectMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Stores the message; answers its row id, or empty when it was already stored (then
	 * nothing is written).
	 */
	Mono<Long> insert(Entry entry) {
		return insert(entry, null, false);
	}

	/**
	 * Stores the message and, in the same statement and only if it was not stored before,
	 * the ticket's new snapshot; answers the row id, or empty when the message was
	 * already stored (a concurrent delivery of it waits here for the first one's
	 * transaction).
	 * @param entry the row
	 * @param snapshot the ticket's new snapshot, or null to leave it as it is
	 * @param published whether to store the event as published already: for a caller that
	 * publishes it inside this transaction and calls {@link #unmark} unless the broker
	 * confirms, so that at commit the row says the truth without a second statement on
	 * the common path (until then no one else sees the row)
	 */
	Mono<Long> insert(Entry entry, PriorTicket snapshot, boolean published) {
		String insert = """
				insert into psa_callback_inbox (message_id, tenant_id, type, action, record_id, member_id,
				    callback_object_rec_id, raw_body, signature, received_at, outcome, note, event_id, routing_key, event,
				    published_at)
				values (:messageId, :tenantId, :type, :action, :recordId, :memberId, :callbackObjectRecId, :rawBody,
				    :signature, :receivedAt, :outcome, :note, :eventId, :routingKey, :event,
				    case when :published then clock_timestamp() end)
				on conflict (message_id) do nothing
				returning id""";
		String sql = (snapshot == null) ? insert : """
				with inbox as (%s), snapshot as (
				    insert into psa_ticket_snapshot (tenant_id, ticket_id, last_updated, deleted, snapshot)
				    select :tenantId, :recordId, :lastUpdated, :deleted, :snapshot from inbox
				    on conflict (tenant_id, ticket_id) do update set last_updated = excluded.last_updated,
				        deleted = excluded.deleted, snapshot = excluded.snapshot, updated_at = now())
				select id from inbox""".formatted(insert);
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql)
			.bind("messageId", entry.messageId())
			.bind("tenantId", entry.tenantId())
			.bind("type", entry.type())
			.bind("action", entry.action())
			.bind("rawBody", ByteBuffer.wrap(entry.rawBody()))
			.bind("signature", entry.signature())
			.bind("receivedAt", entry.receivedAt().atOffset(ZoneOffset.UTC))
			.bind("outcome", entry.outcome())
			.bind("published", published && entry.event() != null);
		spec = spec.bind("recordId", Parameter.fromOrEmpty(entry.recordId(), Long.class));
		spec = spec.bind("memberId", Parameter.fromOrEmpty(entry.memberId(), String.class));
		spec = spec.bind("callbackObjectRecId", Parameter.fromOrEmpty(entry.callbackObjectRecId(), Long.class));
		spec = spec.bind("note", Parameter.fromOrEmpty(entry.note(), String.class));
		TicketEvent event = entry.event();
		spec = spec.bind("eventId", Parameter.fromOrEmpty((event != null) ? event.eventId() : null, UUID.class));
		spec = spec.bind("routingKey",
				Parameter.fromOrEmpty((event != null) ? event.routingKey() : null, String.class));
		spec = spec.bind("event", Parameter.fromOrEmpty((event != null) ? Json.of(write(event)) : null, Json.class));
		if (snapshot != null) {
			spec = spec.bind("deleted", snapshot.deleted());
			spec = spec.bind("lastUpdated",
					Parameter.fromOrEmpty(
							(snapshot.lastUpdated() != null) ? snapshot.lastUpdated().atOffset(ZoneOffset.UTC) : null,
							OffsetDateTime.class));
			spec = spec.bind("snapshot", Parameter
				.fromOrEmpty((snapshot.snapshot() != null) ? Json.of(write(snapshot.snapshot())) : null, Json.class));
		}
		return spec.map((row) -> row.get("id", Long.class)).one();
	}

	/**
	 * The broker did not confirm the event stored as published: the relay publishes it.
	 */
	Mono<Void> unmark(long id) {
		return this.db.sql("update psa_callback_inbox set published_at = null where id = :id").bind("id", id).then();
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A " + value.getClass().getSimpleName() + " could not be written as JSON",
					ex);
		}
	}

	/**
	 * A row to store.
	 *
	 * @param messageId {@code MessageId}
	 * @param tenantId the tenant
	 * @param type {@code Type}
	 * @param action {@code Action}
	 * @param recordId {@code ID}, or null
	 * @param memberId {@code MemberId}, or null
	 * @param callbackObjectRecId {@code CallbackObjectRecId}, or null
	 * @param rawBody the bytes received
	 * @param signature {@code VERIFIED} or {@code NOT_REQUIRED}
	 * @param receivedAt when it arrived
	 * @param outcome {@code EVENT}, {@code STORED}, {@code STALE} or {@code IGNORED}
	 * @param note why the event is incomplete or absent, or null
	 * @param event the ticket event to publish, or null
	 */
	record Entry(String messageId, String tenantId, String type, String action, Long recordId, String memberId,
			Long callbackObjectRecId, byte[] rawBody, String signature, Instant receivedAt, String outcome, String note,
			TicketEvent event) {

	}

}
