package com.psabridge.worker.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges read from PostgreSQL every {@code psa.metrics.backlog-refresh} (5 s), whatever
 * the scrape rate: the open requests by status and kind, the age of the oldest request
 * that is due, what is retrying by error code (and since when), the tenants with most
 * retries, and paused tenants. Every worker instance reports the same values: aggregate
 * them with {@code max}, not {@code sum}.
 */
@Component
class BacklogGauges {

	private static final Logger logger = LoggerFactory.getLogger(BacklogGauges.class);

	private static final List<String> OPEN_STATUSES = List.of("QUEUED", "IN_PROGRESS", "RETRY_SCHEDULED");

	private final DatabaseClient db;

	private final MetricsProperties properties;

	private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.EMPTY);

	private final MultiGauge backlog;

	private final MultiGauge retryingByCode;

	private final MultiGauge retryingAgeByCode;

	private final MultiGauge retryingByTenant;

	private final MultiGauge retryingAgeByTenant;

	private final MultiGauge pausedTenant;

	BacklogGauges(DatabaseClient db, MetricsProperties properties, MeterRegistry meters) {
		this.db = db;
		this.properties = properties;
		this.backlog = MultiGauge.builder("psa.requests.backlog")
			.description("Open requests by status and kind (RETRY_SCHEDULED includes those parked for a paused tenant)")
			.register(meters);
		Gauge.builder("psa.requests.parked", this.snapshot, (current) -> current.get().parked())
			.description("Requests parked until their paused tenant's connection is fixed")
			.register(meters);
		Gauge.builder("psa.requests.oldest.due.age", this.snapshot, (current) -> current.get().oldestDueSeconds())
			.description("How long the oldest request that is due for delivery has waited")
			.baseUnit("seconds")
			.register(meters);
		Gauge.builder("psa.tenants.paused", this.snapshot, (current) -> current.get().pausedTenants())
			.description("Tenants whose deliveries are paused after ConnectWise answered 401 or 403")
			.register(meters);
		this.retryingByCode = MultiGauge.builder("psa.requests.retrying")
			.description("Requests waiting for a retry, by the error code of their last attempt")
			.register(meters);
		this.retryingAgeByCode = MultiGauge.builder("psa.requests.retrying.age")
			.description("Age of the oldest request waiting for a retry, by error code")
			.baseUnit("seconds")
			.register(meters);
		this.retryingByTenant = MultiGauge.builder("psa.tenant.retrying")
			.description("Requests waiting for a retry, for the tenants with the most (psa.metrics.top-tenants)")
			.register(meters);
		this.retryingAgeByTenant = MultiGauge.builder("psa.tenant.retrying.age")
			.description("Age of the oldest request waiting for a retry, for the same tenants")
			.baseUnit("seconds")
			.register(meters);
		this.pausedTenant = MultiGauge.builder("psa.tenant.paused")
			.description("1 for each paused tenant (the longest paused, up to psa.metrics.top-tenants)")
			.register(meters);
		publish(Snapshot.EMPTY);
	}

	/**
	 * Reads and publishes; one at a time, so a read that began earlier never publishes
	 * over a later one.
	 */
	@Scheduled(fixedDelayString = "${psa.metrics.backlog-refresh:5s}", initialDelay = 0)
	synchronized void refresh() {
		try {
			Snapshot read = read().block(Duration.ofSeconds(30));
			if (read != null) {
				this.snapshot.set(read);
				publish(read);
			}
		}
		catch (RuntimeException ex) {
			// The next pass tries again; a database that stays away shows in the health
			// checks.
			logger.warn("Reading the backlog gauges failed, they keep their last values: {}", ex.toString());
		}
	}

	Snapshot current() {
		return this.snapshot.get();
	}

	private Mono<Snapshot> read() {
		Mono<List<Row>> backlog = this.db.sql("""
				select status, kind, count(*) as n,
				    count(*) filter (where status = 'RETRY_SCHEDULED' and next_retry_at is null) as parked
				from psa_request where status in ('QUEUED', 'IN_PROGRESS', 'RETRY_SCHEDULED')
				group by status, kind""")
			.map((row) -> new Row(row.get("status", String.class), row.get("kind", String.class), number(row, "n"),
					number(row, "parked")))
			.all()
			.collectList();
		Mono<Double> oldestDue = this.db.sql("""
				select coalesce(extract(epoch from now() - least(
				    (select min(updated_at) from psa_request where status = 'QUEUED'),
				    (select min(next_retry_at) from psa_request
				     where status = 'RETRY_SCHEDULED' and next_retry_at <= now()))), 0) as age""")
			.map((row) -> number(row, "age"))
			.one();
		Mono<List<Row>> byCode = this.db.sql("""
				select coalesce(last_error->>'code', 'none') as label, count(*) as n,
				    extract(epoch from now() - min(created_at)) as age
				from psa_request where status = 'RETRY_SCHEDULED'
				group by 1 order by n desc, label""")
			.map((row) -> new Row(row.get("label", String.class), null, number(row, "n"), number(row, "age")))
			.all()
			.collectList();
		Mono<List<Row>> byTenant = (this.properties.topTenants() == 0) ? Mono.just(List.of())
				: this.db.sql("""
						select tenant_id as label, count(*) as n, extract(epoch from now() - min(created_at)) as age
						from psa_request where status = 'RETRY_SCHEDULED'
						group by tenant_id order by n desc, tenant_id limit :top""")
					.bind("top", this.properties.topTenants())
					.map((row) -> new Row(row.get("label", String.class), null, number(row, "n"), number(row, "age")))
					.all()
					.collectList();
		Mono<List<Row>> paused = this.db.sql("""
				select tenant_id as label, count(*) over () as n from psa_tenant_connection
				where paused_at is not null order by paused_at, tenant_id limit greatest(:top, 1)""")
			.bind("top", this.properties.topTenants())
			.map((row) -> new Row(row.get("label", String.class), null, number(row, "n"), 0))
			.all()
			.collectList();
		return Mono.zip(backlog, oldestDue, byCode, byTenant, paused)
			.map((read) -> new Snapshot(read.getT1(), read.getT2(), topCodes(read.getT3()), read.getT4(),
					(this.properties.topTenants() == 0) ? List.of() : read.getT5(),
					read.getT5().isEmpty() ? 0 : read.getT5().get(0).count()));
	}

	/** The most frequent codes, and the rest summed as {@code other}. */
	private List<Row> topCodes(List<Row> codes) {
		int top = this.properties.topErrorCodes();
		if (codes.size() <= top) {
			return codes;
		}
		List<Row> kept = new ArrayList<>(codes.subList(0, top));
		double rest = 0;
		double restAge = 0;
		for (Row row : codes.subList(top, codes.size())) {
			rest += row.count();
			restAge = Math.max(restAge, row.extra());
		}
		kept.add(new Row("other", null, rest, restAge));
		return kept;
	}

	private void publish(Snapshot read) {
		List<MultiGauge.Row<?>> backlogRows = new ArrayList<>();
		for (String status : OPEN_STATUSES) {
			for (String kind : List.of("TICKET_NOTE", "TIME_ENTRY")) {
				double count = read.backlog()
					.stream()
					.filter((row) -> row.label().equals(status) && kind.equals(row.kind()))
					.mapToDouble(Row::count)
					.sum();
				backlogRows.add(MultiGauge.Row.of(Tags.of("status", status, "kind", kind), count));
			}
		}
		this.backlog.register(backlogRows, true);
		this.retryingByCode.register(rows(read.retryingByCode(), "code", false), true);
		this.retryingAgeByCode.register(rows(read.retryingByCode(), "code", true), true);
		this.retryingByTenant.register(rows(read.retryingByTenant(), "tenant", false), true);
		this.retryingAgeByTenant.register(rows(read.retryingByTenant(), "tenant", true), true);
		this.pausedTenant.register(read.pausedByTenant()
			.stream()
			.map((row) -> MultiGauge.Row.of(Tags.of("tenant", row.label()), 1))
			.toList(), true);
	}

	private static List<MultiGauge.Row<?>> rows(List<Row> rows, String tag, boolean age) {
		return rows
			.stream().<MultiGauge
					.Row<?>>map((row) -> MultiGauge.Row.of(Tags.of(tag, row.label()), age ? row.extra() : row.count()))
			.toList();
	}

	private static double number(Readable row, String column) {
		Number value = row.get(column, Number.class);
		return (value != null) ? value.doubleValue() : 0;
	}

	/** One grouped row: a label, an optional kind, a count and a second number. */
	record Row(String label, String kind, double count, double extra) {

	}

	record Snapshot(List<Row> backlog, double oldestDueSeconds, List<Row> retryingByCode, List<Row> retryingByTenant,
			List<Row> pausedByTenant, double pausedTenants) {

		static final Snapshot EMPTY = new Snapshot(List.of(), 0, List.of(), List.of(), List.of(), 0);

		double parked() {
			return this.backlog.stream().mapToDouble(Row::extra).sum();
		}

	}

}
