package com.psabridge.webhook.event;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.event.TicketSnapshot;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The last state seen of each ticket ({@code psa_ticket_snapshot}): the lock and the
 * read. The snapshot is written by the statement that stores the callback (the intake's
 * {@code CallbackInbox}), so a callback costs one write.
 */
@Repository
public class TicketHistory {

	private final DatabaseClient db;

	private final ObjectMapper json;

	TicketHistory(DatabaseClient db, ObjectMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Serialises callbacks of one ticket until the current transaction ends, and reads
	 * its snapshot as the previous holder committed it: two callbacks for the same ticket
	 * then see each other's result. Empty when the ticket has no snapshot yet.
	 */
	public Mono<PriorTicket> lockAndFind(String tenantId, long ticketId) {
		// A known ticket: FOR UPDATE waits for the row's holder and then returns the row
		// as
		// committed (READ COMMITTED reads again a row it waited for), so locking and
		// reading
		// are one statement. A ticket without a row has nothing to lock: its callbacks
		// take
		// an advisory lock instead, and then look again in a new statement, which sees
		// what
		// a holder committed while we waited.
		return findForUpdate(tenantId, ticketId)
			.switchIfEmpty(Mono.defer(() -> this.db.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
				.bind("key", "psa_ticket_snapshot/" + tenantId + "/" + ticketId)
				.then()
				.then(findForUpdate(tenantId, ticketId))));
	}

	private Mono<PriorTicket> findForUpdate(String tenantId, long ticketId) {
		return this.db.sql("""
				select last_updated, deleted, snapshot from psa_ticket_snapshot
				where tenant_id = :tenantId and ticket_id = :ticketId for update""")
			.bind("tenantId", tenantId)
			.bind("ticketId", ticketId)
			.map(this::toPrior)
			.one();
	}

	private PriorTicket toPrior(Readable row) {
		OffsetDateTime lastUpdated = row.get("last_updated", OffsetDateTime.class);
		Json snapshot = row.get("snapshot", Json.class);
		return new PriorTicket((lastUpdated != null) ? lastUpdated.toInstant() : null,
				Boolean.TRUE.equals(row.get("deleted", Boolean.class)),
				(snapshot != null) ? read(snapshot.asString()) : null);
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
