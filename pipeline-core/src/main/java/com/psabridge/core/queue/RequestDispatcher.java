package com.psabridge.core.queue;

import java.util.List;
import java.util.UUID;

import com.psabridge.core.batch.Batcher;
import com.psabridge.core.batch.Batcher.Waiter;
import com.psabridge.core.broker.ConfirmedPublishes;
import com.psabridge.core.broker.ConfirmedPublishes.Outgoing;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Puts a QUEUED request on {@code psa.requests.work}: a persistent message, confirmed by
 * the broker, after which the row is marked published. A request whose publish fails
 * keeps {@code published_at = null} and the worker's relay publishes it again later, so a
 * broker outage never strands a stored request; a message published twice is harmless
 * because the worker claims the row before delivering.
 * <p>
 * Both steps are batched ({@link Batcher}). Publishes: the requests that arrive while
 * {@link RequestQueueProperties#publishChannels()} batches wait for their confirms are
 * published together on one channel, which then waits once for all their confirms. That
 * spares RabbitMQ a third of its CPU per message at the ingest rate against a channel per
 * publish, and the services a thread per confirm (Spring AMQP's correlated confirms run
 * one task per confirm, and one that blocks per channel handed back unconfirmed, on an
 * unbounded pool; docs/benchmarks.md, "Broker callbacks"). Marks: the ids confirmed while
 * a mark statement runs are marked by the next one, up to {@value #MAX_MARK_BATCH}; it
 * runs in its own implicit transaction, never in a caller's.
 */
@Component
public class RequestDispatcher {

	/**
	 * Marks confirmed publishes. One per accepted request, so it must stay a HOT update
	 * (no new entry in any index): no index of {@code psa_request} names
	 * {@code published_at}, and its pages keep room for the new row version (changelog
	 * 006).
	 */
	static final String MARK_PUBLISHED = """
			update psa_request set published_at = now()
			where id = any(:ids) and status = 'QUEUED' and published_at is null""";

	/** Most ids one {@code published_at} statement marks. */
	static final int MAX_MARK_BATCH = 500;

	private final RabbitTemplate rabbit;

	private final DatabaseClient db;

	private final String exchange;

	private final String routingKey;

	private final ConfirmedPublishes publishes;

	private final Batcher<DeliveryRequested, Void> publishBatches;

	private final Batcher<UUID, Void> marks;

	@Autowired
	RequestDispatcher(RabbitTemplate rabbit, DatabaseClient db, RequestQueueProperties properties) {
		this(rabbit, db, properties, RequestQueue.EXCHANGE, RequestQueue.WORK_QUEUE);
	}

	/** Publishing elsewhere than to the work queue is for tests only. */
	RequestDispatcher(RabbitTemplate rabbit, DatabaseClient db, RequestQueueProperties properties, String exchange,
			String routingKey) {
		this.rabbit = rabbit;
		this.db = db;
		this.exchange = exchange;
		this.routingKey = routingKey;
		this.publishes = new ConfirmedPublishes(rabbit, properties.confirmTimeout());
		this.publishBatches = new Batcher<>(properties.publishChannels(), properties.maxPublishBatch(), this::publish);
		this.marks = new Batcher<>(1, MAX_MARK_BATCH, this::markPublished);
	}

	/**
	 * Publishes the request and marks its row published; errors if the broker did not
	 * confirm it.
	 */
	public Mono<Void> dispatch(DeliveryRequested request) {
		return publish(request).then(this.marks.submit(request.requestId()));
	}

	/** Publishes with a broker confirm, without touching the row. */
	public Mono<Void> publish(DeliveryRequested request) {
		return this.publishBatches.submit(request);
	}

	private Mono<Runnable> publish(List<Waiter<DeliveryRequested, Void>> batch) {
		List<Outgoing> messages = batch.stream()
			.map((waiter) -> new Outgoing(this.exchange, this.routingKey, true, message(waiter.item())))
			.toList();
		// RabbitTemplate blocks while it (re)connects, and the batch while it waits for
		// its confirms: never on the event loop.
		return Mono.fromCallable(() -> this.publishes.publish(messages))
			.subscribeOn(Schedulers.boundedElastic())
			.map((outcome) -> () -> answer(batch, outcome));
	}

	private Message message(DeliveryRequested request) {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(RequestQueue.HEADER_REQUEST_ID, request.requestId().toString());
		properties.setHeader(RequestQueue.HEADER_TENANT_ID, request.tenantId());
		properties.setHeader(RequestQueue.HEADER_KIND, request.kind().name());
		properties.setMessageId(request.requestId().toString());
		return this.rabbit.getMessageConverter().toMessage(request, properties);
	}

	/**
	 * {@code waitForConfirms} reports only that some publish of the batch was nacked, not
	 * which (nacks are rare: a broker fault or a full queue): all fail, and the relay
	 * publishes them again (a duplicate is harmless).
	 */
	private static void answer(List<Waiter<DeliveryRequested, Void>> batch, ConfirmedPublishes.Outcome outcome) {
		for (Waiter<DeliveryRequested, Void> waiter : batch) {
			UUID id = waiter.item().requestId();
			if (!outcome.allConfirmed()) {
				waiter.sink().error(new AmqpException("Broker did not confirm request " + id));
			}
			else if (outcome.returned().contains(id.toString())) {
				waiter.sink().error(new AmqpException("Request " + id + " was unroutable"));
			}
			else {
				waiter.sink().success();
			}
		}
	}

	private Mono<Runnable> markPublished(List<Waiter<UUID, Void>> batch) {
		UUID[] ids = batch.stream().map(Waiter::item).toArray(UUID[]::new);
		return this.db.sql(MARK_PUBLISHED)
			.bind("ids", ids)
			.then()
			.thenReturn(() -> batch.forEach((waiter) -> waiter.sink().success()));
	}

	/** How many batches of publishes were sent (for tests). */
	long publishBatches() {
		return this.publishBatches.batches();
	}

	/** How many {@code published_at} statements ran (for tests). */
	long markStatements() {
		return this.marks.batches();
	}

}
