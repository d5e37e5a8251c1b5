package com.psabridge.worker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.RequestStatus;
import com.psabridge.model.request.TicketNote;
import com.psabridge.simulator.Fault;
import com.psabridge.worker.WorkerIntegrationTests;
import io.r2dbc.postgresql.codec.Json;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;

import static org.awaitility.Awaitility.await;

/**
 * Issue 3's benchmark, run by {@code bench/delivery.sh} (Maven profile {@code bench}),
 * never by the normal build: how precisely due retries fire, and how much a failing
 * tenant slows another. It prints a table and writes it to
 * {@code target/delivery-benchmark.md}.
 */
class DeliveryBenchmark extends WorkerIntegrationTests {

	private static final int SCHEDULED = Integer.getInteger("bench.scheduled", 10_000);

	private static final int TENANTS = Integer.getInteger("bench.tenants", 50);

	private static final int HEALTHY_REQUESTS = Integer.getInteger("bench.healthy", 200);

	private static final int FAILING_BACKLOG = Integer.getInteger("bench.backlog", 2_000);

	@Autowired
	private RabbitListenerEndpointRegistry listeners;

	@Test
	void measure() throws Exception {
		List<String> report = new ArrayList<>();
		report.add("| measurement | n | p50 | p99 | max |");
		report.add("| --- | --- | --- | --- | --- |");
		report.add(retryFiring(false));
		report.add(retryFiring(true));
		String alone = healthyTenantLatency(false);
		String withFailing = healthyTenantLatency(true);
		report.add(alone);
		report.add(withFailing);
		String table = String.join("\n", report);
		System.out.println("\n" + table + "\n");
		Files.writeString(Path.of("target/delivery-benchmark.md"), table + "\n");
	}

	/**
	 * {@code SCHEDULED} requests of {@code TENANTS} tenants, due over the next 20 s: from
	 * {@code next_retry_at} to being published again, and to the first ConnectWise call.
	 * Without {@code delivering}, the worker's listener is stopped, so the relay is
	 * measured alone rather than sharing the two cores with 500 deliveries a second.
	 */
	private String retryFiring(boolean delivering) {
		MessageListenerContainer listener = this.listeners.getListenerContainer("delivery");
		if (!delivering) {
			listener.stop();
		}
		List<String> tenants = new ArrayList<>();
		for (int i = 0; i < TENANTS; i++) {
			tenants.add(connectedTenant());
		}
		String marker = "bench-" + UUID.randomUUID();
		Instant start = Instant.now().plusSeconds(5);
		Flux.range(0, SCHEDULED).flatMap((i) -> {
			Instant due = start.plusMillis(i * 20_000L / SCHEDULED);
			// The due time travels in the text: a delivered request no longer has a
			// next_retry_at.
			TicketNote note = new TicketNote(newTicketId(), marker + " " + due.toEpochMilli(),
					NoteType.INTERNAL_ANALYSIS, NoteVisibility.INTERNAL, "u-42", null, marker);
			String payload;
			try {
				payload = this.json.writeValueAsString(note);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return this.db.sql("""
					insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, reference, status,
					    retry_count, next_retry_at, published_at)
					values (:id, :tenant, 'TICKET_NOTE', :ticket, 'bench', :payload, :marker, 'RETRY_SCHEDULED', 1,
					    :due, now())""")
				.bind("id", UUID.randomUUID())
				.bind("tenant", tenants.get(i % TENANTS))
				.bind("ticket", note.ticketId())
				.bind("payload", Json.of(payload))
				.bind("marker", marker)
				.bind("due", due)
				.then();
		}, 16).blockLast();
		if (!delivering) {
			await().atMost(Duration.ofMinutes(5))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> countUnpublished(marker) == 0);
			Map<String, Object> published = stats(
					"""
							select extract(epoch from published_at) * 1000 - split_part(payload ->> 'text', ' ', 2)::bigint as ms
							from psa_request where reference = :marker""",
					marker);
			listener.start();
			await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> count(marker) == 0);
			return row("retry due → published again, worker not consuming, " + SCHEDULED + " scheduled over 20 s, "
					+ TENANTS + " tenants (ms)", published);
		}
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> count(marker) == 0);
		Map<String, Object> published = stats("""
				select extract(epoch from published_at) * 1000 - split_part(payload ->> 'text', ' ', 2)::bigint as ms
				from psa_request where reference = :marker""", marker);
		Map<String, Object> called = stats("""
				select extract(epoch from a.created_at) * 1000 - split_part(r.payload ->> 'text', ' ', 2)::bigint as ms
				from psa_request r join lateral (
				    select min(created_at) as created_at from psa_activity_log l
				    where l.request_id = r.id and l.action = 'POST_NOTE') a on true
				where r.reference = :marker""", marker);
		String load = "worker delivering, " + SCHEDULED + " scheduled over 20 s, " + TENANTS + " tenants (ms)";
		return row("retry due → published again, " + load, published) + "\n"
				+ row("retry due → first ConnectWise call, " + load, called);
	}

	/**
	 * Median, p99 and max of the {@code ms} column of a query over one marker's requests.
	 */
	private Map<String, Object> stats(String millisQuery, String marker) {
		return this.db.sql("""
				select count(*) as n, percentile_cont(0.5) within group (order by ms) as p50,
				    percentile_cont(0.99) within group (order by ms) as p99, max(ms) as max
				from (%s) d""".formatted(millisQuery)).bind("marker", marker).fetch().one().block();
	}

	private long countUnpublished(String marker) {
		return this.db.sql("""
				select count(*) as n from psa_request
				where reference = :marker and (status = 'RETRY_SCHEDULED' or published_at is null)""")
			.bind("marker", marker)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	private long count(String marker) {
		return this.db.sql("select count(*) as n from psa_request where reference = :marker and status <> 'SUCCEEDED'")
			.bind("marker", marker)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block();
	}

	/**
	 * A healthy tenant's accept → SUCCEEDED latency at 20 requests/s, alone or while
	 * another tenant with a {@code FAILING_BACKLOG} backlog has a hanging ConnectWise.
	 */
	private String healthyTenantLatency(boolean withFailingTenant) throws InterruptedException {
		connectWise.reset();
		if (withFailingTenant) {
			String failing = connectedTenant();
			long tickets = newTicketId() / 10_000;
			connectWise.inject(Fault.on("POST", ".*/service/tickets/" + tickets + "\\d{4}/notes")
				.times(1_000_000)
				.delay(Duration.ofSeconds(30)));
			for (int i = 0; i < FAILING_BACKLOG; i++) {
				accept(failing, new TicketNote(tickets * 10_000 + i, "stuck", NoteType.INTERNAL_ANALYSIS,
						NoteVisibility.INTERNAL, "u-42", null, null));
			}
		}
		String healthy = connectedTenant();
		String marker = "healthy-" + UUID.randomUUID();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < HEALTHY_REQUESTS; i++) {
			ids.add(accept(healthy, new TicketNote(newTicketId(), "fine " + i, NoteType.INTERNAL_ANALYSIS,
					NoteVisibility.INTERNAL, "u-42", null, marker)));
			Thread.sleep(50);
		}
		for (UUID id : ids) {
			awaitStatus(id, RequestStatus.SUCCEEDED, Duration.ofMinutes(2));
		}
		Map<String, Object> latency = stats("""
				select extract(epoch from (updated_at - created_at)) * 1000 as ms
				from psa_request where payload ->> 'reference' = :marker""", marker);
		connectWise.reset();
		return row("tenant B accept → SUCCEEDED at 20/s, "
				+ (withFailingTenant ? "tenant A hanging with " + FAILING_BACKLOG + " queued" : "tenant A idle")
				+ " (ms)", latency);
	}

	private static String row(String name, Map<String, Object> stats) {
		return String.format("| %s | %s | %.0f | %.0f | %.0f |", name, stats.get("n"), number(stats.get("p50")),
				number(stats.get("p99")), number(stats.get("max")));
	}

	private static double number(Object value) {
		return (value != null) ? ((Number) value).doubleValue() : Double.NaN;
	}

}
