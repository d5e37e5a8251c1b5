package com.psabridge.worker.retry;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.psabridge.core.queue.RequestDispatcher;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.request.RequestKind;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Puts requests on RabbitMQ that the database says should be there. {@code next_retry_at}
 * is the truth: every pass, on every worker, due retries go back to QUEUED and are
 * published. It also publishes QUEUED requests whose publish was never confirmed (the
 * broker was down when the gateway accepted them), re-queues deliveries whose worker
 * died, and wakes requests parked for a tenant whose pause has ended. Rows are taken with
 * {@code FOR UPDATE SKIP LOCKED}, so any number of workers run it at once without
 * publishing a request twice in one pass.
 */
@Component
class RequestRelay {

	private static final Logger logger = LoggerFactory.getLogger(RequestRelay.class);

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final RequestDispatcher dispatcher;

	private final RetryProperties properties;

	RequestRelay(DatabaseClient db, TransactionalOperator transactions, RequestDispatcher dispatcher,
			RetryProperties properties) {
		this.db = db;
		this.transactions = transactions;
		this.dispatcher = dispatcher;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${psa.retry.relay-interval:1s}")
	void relay() {
		try {
			int recovered = requeueAbandoned().block(Duration.ofSeconds(30));
			int woken = wakeResumedTenants().block(Duration.ofSeconds(30));
			int requeued = requeueAllDue();
			int published = publishUnpublished().block(Duration.ofSeconds(60));
			if (recovered + woken > 0) {
				logger.info("Relay re-queued {} abandoned deliveries and woke {} parked requests", recovered, woken);
			}
			logger.debug("Relay requeued {} due retries and published {} requests", requeued, published);
		}
		catch (RuntimeException ex) {
			// The next pass tries again; the rows are unchanged.
			logger.warn("Relay pass failed: {}", ex.toString());
		}
	}

	/**
	 * Requeues due retries statement after statement while a statement comes back full,
	 * for at most one relay interval: a burst of due retries (a replay, the end of an
	 * outage) is then published as fast as the broker confirms, not one batch per
	 * interval (10,000 due within 20 s fell 14 s behind that way, docs/benchmarks.md).
	 */
	private int requeueAllDue() {
		long deadline = System.nanoTime() + this.properties.relayInterval().toNanos();
		int requeued = 0;
		int last;
		do {
			last = requeueDueRetries().block(Duration.ofSeconds(30));
			requeued += last;
		}
		while (last >= this.properties.relayBatch() && System.nanoTime() < deadline);
		return requeued;
	}

	/**
	 * RETRY_SCHEDULED and due → QUEUED, then published at once; at most
	 * {@code tenantBatch} per tenant per pass. A publish that fails leaves the row
	 * unpublished for {@link #publishUnpublished()}.
	 */
	Mono<Integer> requeueDueRetries() {
		return this.db.sql("""
				with due as (
				    select id from psa_request where id in (
				        select id from (
				            select id, row_number() over (partition by tenant_id order by next_retry_at) as place
				            from psa_request where status = 'RETRY_SCHEDULED' and next_retry_at <= now()) ranked
				        where place <= :tenantBatch)
				    order by next_retry_at limit :batch for update skip locked)
				update psa_request r set status = 'QUEUED', published_at = null, updated_at = now()
				from due where r.id = due.id and r.status = 'RETRY_SCHEDULED'
				returning r.id, r.tenant_id, r.kind""")
			.bind("tenantBatch", this.properties.tenantBatch())
			.bind("batch", this.properties.relayBatch())
			.map(RequestRelay::toMessage)
			.all()
			.collectList()
			// Published only once the update is committed: a worker that got the message
			// earlier would
			// still see the row RETRY_SCHEDULED, find nothing to claim, and drop the
			// message.
			.as(this.transactions::transactional)
			.flatMapMany(Flux::fromIterable)
			.flatMap((request) -> this.dispatcher.dispatch(request).thenReturn(1).onErrorReturn(0), 32)
			.reduce(0, Integer::sum);
	}

	/**
	 * QUEUED rows without a confirmed message, or whose message went unconsumed, oldest
	 * first. Read through the QUEUED rows by age ({@code psa_request_queued_idx}): no
	 * index may name {@code published_at}, so that the gateway's mark after every publish
	 * stays a HOT update (changelog 006). A published row is never older than its
	 * {@code updated_at}, so the age bound holds for both kinds.
	 */
	static final String UNPUBLISHED = """
			select id, tenant_id, kind from psa_request
			where status = 'QUEUED' and updated_at < now() - make_interval(secs => :grace)
			  and (published_at is null or published_at < now() - make_interval(secs => :republishAfter))
			order by updated_at limit :batch for update skip locked""";

	/**
	 * Publishes QUEUED rows without a confirmed message, or whose message has gone
	 * unconsumed for {@code republishAfter}, inside the transaction that holds their row
	 * locks, and marks them published only once the broker confirmed.
	 */
	Mono<Integer> publishUnpublished() {
		Flux<DeliveryRequested> pending = this.db.sql(UNPUBLISHED)
			.bind("grace", seconds(this.properties.unpublishedGrace()))
			.bind("republishAfter", seconds(this.properties.republishAfter()))
			.bind("batch", this.properties.relayBatch())
			.map(RequestRelay::toMessage)
			.all();
		return pending.collectList()
			.flatMap((requests) -> Flux.fromIterable(requests)
				.flatMap(this.dispatcher::publish, 32)
				.then(markPublished(requests)))
			.as(this.transactions::transactional);
	}

	/**
	 * IN_PROGRESS for longer than the lease → QUEUED: its worker died mid-delivery.
	 * Whether its write reached ConnectWise is unknown, so the next attempt looks for it
	 * first.
	 */
	Mono<Integer> requeueAbandoned() {
		return this.db.sql("""
				with abandoned as (
				    select id from psa_request where status = 'IN_PROGRESS'
				      and updated_at < now() - make_interval(secs => :lease)
				    limit :batch for update skip locked),
				requeued as (
				    update psa_request r set status = 'QUEUED', published_at = null, write_unconfirmed = true,
				        updated_at = now()
				    from abandoned where r.id = abandoned.id
				    returning r.id, r.tenant_id, r.retry_count)
				insert into psa_activity_log (request_id, tenant_id, attempt, action, outcome, error_message)
				select id, tenant_id, retry_count + 1, 'STATE_CHANGE', 'QUEUED',
				    'Delivery abandoned by its worker; queued again' from requeued""")
			.bind("lease", seconds(this.properties.inProgressLease()))
			.bind("batch", this.properties.relayBatch())
			.fetch()
			.rowsUpdated()
			.map(Long::intValue);
	}

	/**
	 * Parked requests (RETRY_SCHEDULED without a time) of tenants no longer paused are
	 * due now.
	 */
	Mono<Integer> wakeResumedTenants() {
		return this.db.sql("""
				update psa_request r set next_retry_at = now(), updated_at = now()
				where r.status = 'RETRY_SCHEDULED' and r.next_retry_at is null
				  and not exists (select 1 from psa_tenant_connection c
				                  where c.tenant_id = r.tenant_id and c.paused_at is not null)""")
			.fetch()
			.rowsUpdated()
			.map(Long::intValue);
	}

	private Mono<Integer> markPublished(List<DeliveryRequested> requests) {
		if (requests.isEmpty()) {
			return Mono.just(0);
		}
		UUID[] ids = requests.stream().map(DeliveryRequested::requestId).toArray(UUID[]::new);
		return this.db.sql("update psa_request set published_at = now() where id = any(:ids)")
			.bind("ids", ids)
			.fetch()
			.rowsUpdated()
			.map(Long::intValue);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static DeliveryRequested toMessage(Readable row) {
		return new DeliveryRequested(row.get("id", UUID.class), row.get("tenant_id", String.class),
				RequestKind.valueOf(row.get("kind", String.class)));
	}

}
