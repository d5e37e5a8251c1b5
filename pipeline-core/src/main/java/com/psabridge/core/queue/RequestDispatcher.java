package com.psabridge.core.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Puts a QUEUED request on {@code psa.requests.work}: a persistent message, confirmed by
 * the broker, after which the row is marked published. A request whose publish fails
 * keeps {@code published_at = null} and the worker's relay publishes it again later, so a
 * broker outage never strands a stored request; a message published twice is harmless
 * because the worker claims the row before delivering.
 * <p>
 * The {@code published_at} marks of publishes confirmed at about the same time are
 * written by one statement: while a mark statement runs, the ids confirmed meanwhile
 * wait, and the next statement marks them all (up to {@value #MAX_MARK_BATCH}). A lone
 * publish is marked at once, as before; under load this saves one PostgreSQL round trip
 * (and a pool checkout) per request. The mark runs in its own implicit transaction, never
 * in a caller's.
 */
@Component
public class RequestDispatcher {

	private final RabbitTemplate rabbit;

	private final DatabaseClient db;

	private final RequestQueueProperties properties;

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

	private final Queue<PendingMark> pendingMarks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean marking = new AtomicBoolean();

	private final AtomicLong markStatements = new AtomicLong();

	RequestDispatcher(RabbitTemplate rabbit, DatabaseClient db, RequestQueueProperties properties) {
		this.rabbit = rabbit;
		this.db = db;
		this.properties = properties;
	}

	/**
	 * Publishes the request and marks its row published; errors if the broker did not
	 * confirm.
	 */
	public Mono<Void> dispatch(DeliveryRequested request) {
		return publish(request).then(markPublished(request.requestId()));
	}

	/** Publishes with a broker confirm, without touching the row. */
	public Mono<Void> publish(DeliveryRequested request) {
		// RabbitTemplate blocks while it (re)connects: keep that off the event loop.
		return Mono.fromCallable(() -> send(request))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((correlation) -> Mono.fromFuture(correlation.getFuture())
				.timeout(this.properties.confirmTimeout())
				.flatMap((confirm) -> {
					if (!confirm.isAck()) {
						return Mono.error(new AmqpException(
								"Broker did not confirm request " + request.requestId() + ": " + confirm.getReason()));
					}
					if (correlation.getReturned() != null) {
						return Mono.error(new AmqpException("Request " + request.requestId() + " was unroutable: "
								+ correlation.getReturned().getReplyText()));
					}
					return Mono.empty();
				}));
	}

	private CorrelationData send(DeliveryRequested request) {
		CorrelationData correlation = new CorrelationData(request.requestId().toString());
		MessagePostProcessor headers = (message) -> {
			message.getMessageProperties().setHeader(RequestQueue.HEADER_REQUEST_ID, request.requestId().toString());
			message.getMessageProperties().setHeader(RequestQueue.HEADER_TENANT_ID, request.tenantId());
			message.getMessageProperties().setHeader(RequestQueue.HEADER_KIND, request.kind().name());
			message.getMessageProperties().setMessageId(request.requestId().toString());
			return message;
		};
		this.rabbit.convertAndSend(RequestQueue.EXCHANGE, RequestQueue.WORK_QUEUE, request, headers, correlation);
		return correlation;
	}

	private Mono<Void> markPublished(UUID requestId) {
		return Mono.create((sink) -> {
			this.pendingMarks.add(new PendingMark(requestId, sink));
			drainMarks();
		});
	}

	/**
	 * Starts a mark statement for the waiting ids unless one is running; the one running
	 * starts the next when it ends.
	 */
	private void drainMarks() {
		while (!this.pendingMarks.isEmpty() && this.marking.compareAndSet(false, true)) {
			List<PendingMark> batch = new ArrayList<>();
			PendingMark next;
			while (batch.size() < MAX_MARK_BATCH && (next = this.pendingMarks.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				this.marking.set(false);
				continue;
			}
			this.markStatements.incrementAndGet();
			UUID[] ids = batch.stream().map(PendingMark::requestId).toArray(UUID[]::new);
			this.db.sql(MARK_PUBLISHED)
				.bind("ids", ids)
				.then()
				.subscribe(null, (ex) -> finish(batch, ex), () -> finish(batch, null));
			return;
		}
	}

	private void finish(List<PendingMark> batch, Throwable error) {
		this.marking.set(false);
		// The next batch first, so that its ids do not wait for these callers' work.
		drainMarks();
		for (PendingMark mark : batch) {
			if (error != null) {
				mark.sink().error(error);
			}
			else {
				mark.sink().success();
			}
		}
	}

	/** How many {@code published_at} statements ran (for tests). */
	long markStatements() {
		return this.markStatements.get();
	}

	private record PendingMark(UUID requestId, MonoSink<Void> sink) {

	}

}
