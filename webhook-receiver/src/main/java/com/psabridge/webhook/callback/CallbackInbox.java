package com.psabridge.webhook.callback;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.event.TicketEvent;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * {@code psa_callback_inbox}: one row per distinct callback message. The unique
 * {@code message_id} is the de-duplication; a row with an event is the event's outbox.
 */
@Repository
class CallbackInbox {

	private final DatabaseClient db;

	private final ObjectMapper json;

	CallbackInbox(DatabaseClient db, ObjectMapper json) {
		this.db = db;
		this.json = json;
	}

	/** Whether the message was stored before (a cheap check before any work). */
	Mono<Boolean> contains(String messageId) {
		return this.db.sql("select 1 from psa_callback_inbox where message_id = :messageId")
			.bind("messageId", messageId)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	/** Stores the message; answers its row id, or empty when it was already stored. */
	Mono<Long> insert(Entry entry) {
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("""
					insert into psa_callback_inbox (message_id, tenant_id, type, action, record_id, member_id,
					    callback_object_rec_id, raw_body, signature, received_at, outcome, note, event_id, routing_key, event)
					values (:messageId, :tenantId, :type, :action, :recordId, :memberId, :callbackObjectRecId, :rawBody,
					    :signature, :receivedAt, :outcome, :note, :eventId, :routingKey, :event)
					on conflict (message_id) do nothing
					returning id""")
			.bind("messageId", entry.messageId())
			.bind("tenantId", entry.tenantId())
			.bind("type", entry.type())
			.bind("action", entry.action())
			.bind("rawBody", ByteBuffer.wrap(entry.rawBody()))
			.bind("signature", entry.signature())
			.bind("receivedAt", entry.receivedAt().atOffset(ZoneOffset.UTC))
			.bind("outcome", entry.outcome());
		spec = bindOrNull(spec, "recordId", entry.recordId(), Long.class);
		spec = bindOrNull(spec, "memberId", entry.memberId(), String.class);
		spec = bindOrNull(spec, "callbackObjectRecId", entry.callbackObjectRecId(), Long.class);
		spec = bindOrNull(spec, "note", entry.note(), String.class);
		TicketEvent event = entry.event();
		spec = bindOrNull(spec, "eventId", (event != null) ? event.eventId() : null, UUID.class);
		spec = bindOrNull(spec, "routingKey", (event != null) ? event.routingKey() : null, String.class);
		spec = bindOrNull(spec, "event", (event != null) ? Json.of(write(event)) : null, Json.class);
		return spec.map((row) -> row.get("id", Long.class)).one();
	}

	Mono<Void> markPublished(long id) {
		return this.db.sql("update psa_callback_inbox set published_at = now() where id = :id and published_at is null")
			.bind("id", id)
			.then();
	}

	private static <T> DatabaseClient.GenericExecuteSpec bindOrNull(DatabaseClient.GenericExecuteSpec spec, String name,
			T value, Class<T> type) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, type);
	}

	private String write(TicketEvent event) {
		try {
			return this.json.writeValueAsString(event);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A ticket event could not be written as JSON", ex);
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
