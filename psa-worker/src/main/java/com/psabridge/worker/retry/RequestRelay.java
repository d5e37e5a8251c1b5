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
 * Puts requests on RabbitMQ that the database says should be there: retries that have
 * come due, and QUEUED requests whose publish was never confirmed (the broker was down
 * when the gateway accepted them). Rows are taken with {@code FOR UPDATE SKIP LOCKED}, so
 * any number of workers can run it at once without publishing a request twice in one
 * pass.
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
			int requeued = requeueDueRetries().block(Duration.ofSeconds(30));
			int published = publishUnpublished().block(Duration.ofSeconds(60));
			if (requeued + published > 0) {
				logger.info("Relay requeued {} due retries and published {} requests", requeued, published);
			}
		}
		catch (RuntimeException ex) {
			// The next pass tries again; the rows are unchanged.
			logger.warn("Relay pass failed: {}", ex.toString());
		}
	}

	/**
	 * RETRY_SCHEDULED and due → QUEUED, then published at once. A publish that fails
	 * leaves the row unpublished for {@link #publishUnpublished()}.
	 */
	Mono<Integer> requeueDueRetries() {
		return this.db.sql("""
				with due as (
				    select id from psa_request where status = 'RETRY_SCHEDULED' and next_retry_at <= now()
				    order by next_retry_at limit :batch for update skip locked)
				update psa_request r set status = 'QUEUED', published_at = null, updated_at = now()
				from due where r.id = due.id
				returning r.id, r.tenant_id, r.kind""")
			.bind("batch", this.properties.relayBatch())
			.map(RequestRelay::toMessage)
			.all()
			.flatMap((request) -> this.dispatcher.dispatch(request).thenReturn(1).onErrorReturn(0), 32)
			.reduce(0, Integer::sum);
	}

	/**
	 * Publishes QUEUED rows without a confirmed message, inside the transaction that
	 * holds their row locks, and marks them published only once the broker confirmed.
	 */
	Mono<Integer> publishUnpublished() {
		Flux<DeliveryRequested> pending = this.db.sql("""
				select id, tenant_id, kind from psa_request
				where status = 'QUEUED' and published_at is null and updated_at < now() - make_interval(secs => :grace)
				order by updated_at limit :batch for update skip locked""")
			.bind("grace", (double) this.properties.unpublishedGrace().toMillis() / 1000)
			.bind("batch", this.properties.relayBatch())
			.map(RequestRelay::toMessage)
			.all();
		return pending.collectList()
			.flatMap((requests) -> Flux.fromIterable(requests)
				.flatMap(this.dispatcher::publish, 32)
				.then(markPublished(requests)))
			.as(this.transactions::transactional);
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

	private static DeliveryRequested toMessage(Readable row) {
		return new DeliveryRequested(row.get("id", UUID.class), row.get("tenant_id", String.class),
				RequestKind.valueOf(row.get("kind", String.class)));
	}

}
