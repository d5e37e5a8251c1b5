package com.psabridge.webhook.event;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.event.TicketSnapshot;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The last state seen of each ticket ({@code psa_ticket_snapshot}).
 */
@Repository
public class TicketHistory {

	private final DatabaseClient db;

	private final ObjectMapper json;

	TicketHistory(DatabaseClient db, ObjectMapper json) {
		this.db = db;
		this.json = json;
	}

	/** The ticket's snapshot without locking it; empty when none. */
	public Mono<PriorTicket> find(String tenantId, long ticketId) {
		return this.db.sql("""
				select last_updated, deleted, snapshot from psa_ticket_snapshot
				where tenant_id = :tenantId and ticket_id = :ticketId""")
			.bind("tenantId", tenantId)
			.bind("ticketId", ticketId)
			.map(this::toPrior)
			.one();
	}

	/**
	 * Serialises callbacks of one ticket until the current transaction ends, then reads
	 * its snapshot: two callbacks for the same ticket then see each other's result.
	 */
	public Mono<PriorTicket> lockAndFind(String tenantId, long ticketId) {
		// Two statements on purpose: under READ COMMITTED a statement sees the data as of
		// its start, so a read in the locking statement would miss what the lock holder
		// committed while we waited.
		return this.db.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", "psa_ticket_snapshot/" + tenantId + "/" + ticketId)
			.then()
			.then(find(tenantId, ticketId));
	}

	public Mono<Void> save(String tenantId, long ticketId, PriorTicket snapshot) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				insert into psa_ticket_snapshot (tenant_id, ticket_id, last_updated, deleted, snapshot)
				values (:tenantId, :ticketId, :lastUpdated, :deleted, :snapshot)
				on conflict (tenant_id, ticket_id) do update set last_updated = excluded.last_updated,
				    deleted = excluded.deleted, snapshot = excluded.snapshot, updated_at = now()""")
			.bind("tenantId", tenantId)
			.bind("ticketId", ticketId)
			.bind("deleted", snapshot.deleted());
		spec = (snapshot.lastUpdated() != null)
				? spec.bind("lastUpdated", snapshot.lastUpdated().atOffset(ZoneOffset.UTC))
				: spec.bindNull("lastUpdated", OffsetDateTime.class);
		spec = (snapshot.snapshot() != null) ? spec.bind("snapshot", Json.of(write(snapshot.snapshot())))
				: spec.bindNull("snapshot", Json.class);
		return spec.then();
	}

	private PriorTicket toPrior(Readable row) {
		OffsetDateTime lastUpdated = row.get("last_updated", OffsetDateTime.class);
		Json snapshot = row.get("snapshot", Json.class);
		return new PriorTicket((lastUpdated != null) ? lastUpdated.toInstant() : null,
				Boolean.TRUE.equals(row.get("deleted", Boolean.class)),
				(snapshot != null) ? read(snapshot.asString()) : null);
	}

	private String write(TicketSnapshot snapshot) {
		try {
			return this.json.writeValueAsString(snapshot);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A ticket snapshot could not be written as JSON", ex);
		}
	}

	private TicketSnapshot read(String snapshot) {
		try {
			return this.json.readValue(snapshot, TicketSnapshot.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A stored ticket snapshot is not readable", ex);
		}
	}

}
