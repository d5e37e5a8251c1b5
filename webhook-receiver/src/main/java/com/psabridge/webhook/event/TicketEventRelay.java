package com.psabridge.webhook.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.event.TicketEvent;
import io.r2dbc.postgresql.codec.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes the ticket events a callback stored but could not publish (the broker was
 * down or slow). Rows are taken with {@code FOR UPDATE SKIP LOCKED} and marked published
 * in the same transaction, only for the events the broker confirmed: any number of
 * receivers can run it, and an event is never published by two of them. A callback's own
 * transaction holds its row until it has published and marked it, so the relay never
 * races an answer in progress.
 */
@Component
public class TicketEventRelay {

	private static final Logger logger = LoggerFactory.getLogger(TicketEventRelay.class);

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final TicketEventPublisher publisher;

	private final TicketEventProperties properties;

	private final ObjectMapper json;

	TicketEventRelay(DatabaseClient db, TransactionalOperator transactions, TicketEventPublisher publisher,
			TicketEventProperties properties, ObjectMapper json) {
		this.db = db;
		this.transactions = transactions;
		this.publisher = publisher;
		this.properties = properties;
		this.json = json;
	}

	@Scheduled(fixedDelayString = "${psa.webhook.events.relay-interval:1s}",
			initialDelayString = "${psa.webhook.events.relay-interval:1s}")
	void relay() {
		try {
			int published;
			do {
				published = publishPending().block(Duration.ofSeconds(60));
				if (published > 0) {
					logger.info("Relay published {} stored ticket events", published);
				}
			}
			while (published >= this.properties.relayBatch());
		}
		catch (RuntimeException ex) {
			// The next pass tries again; the rows are unchanged.
			logger.warn("Ticket event relay pass failed: {}", ex.toString());
		}
	}

	/** One pass: publishes up to a batch of stored events; answers how many. */
	public Mono<Integer> publishPending() {
		return this.db.sql("""
				select id, event from psa_callback_inbox where event is not null and published_at is null
				order by id limit :batch for update skip locked""")
			.bind("batch", this.properties.relayBatch())
			.map((row) -> new Pending(row.get("id", Long.class), read(row.get("event", Json.class))))
			.all()
			.collectList()
			.flatMap((pending) -> this.publisher.publishAll(pending.stream().map(Pending::event).toList())
				.flatMap((confirmed) -> markPublished(pending, confirmed)))
			.as(this.transactions::transactional);
	}

	private Mono<Integer> markPublished(List<Pending> pending, List<UUID> confirmed) {
		List<Long> ids = new ArrayList<>();
		for (Pending row : pending) {
			if (confirmed.contains(row.event().eventId())) {
				ids.add(row.id());
			}
		}
		if (ids.isEmpty()) {
			return Mono.just(0);
		}
		return this.db.sql("update psa_callback_inbox set published_at = now() where id = any(:ids)")
			.bind("ids", ids.toArray(Long[]::new))
			.fetch()
			.rowsUpdated()
			.map(Long::intValue);
	}

	private TicketEvent read(Json event) {
		try {
			return this.json.readValue(event.asString(), TicketEvent.class);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("A stored ticket event is not readable", ex);
		}
	}

	private record Pending(long id, TicketEvent event) {

	}

}
