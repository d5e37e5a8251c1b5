package com.psabridge.core.queue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import com.psabridge.core.batch.Batcher;
import com.psabridge.core.batch.Batcher.Waiter;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ReturnListener;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.PublisherCallbackChannel;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
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

	private final RequestQueueProperties properties;

	private final String exchange;

	private final String routingKey;

	private final MessagePropertiesConverter propertiesConverter = new DefaultMessagePropertiesConverter();

	private final Batcher<DeliveryRequested, Void> publishes;

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
		this.properties = properties;
		this.exchange = exchange;
		this.routingKey = routingKey;
		this.publishes = new Batcher<>(properties.publishChannels(), properties.maxPublishBatch(), this::publish);
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
		return this.publishes.submit(request);
	}

	private Mono<Runnable> publish(List<Waiter<DeliveryRequested, Void>> batch) {
		// RabbitTemplate blocks while it (re)connects, and the batch while it waits for
		// its confirms: never on the event loop.
		return Mono.fromCallable(() -> this.rabbit.execute((channel) -> publish(channel, batch)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Publishes the batch (mandatory, so that an unroutable request comes back) and waits
	 * for the broker's confirms. The publishes bypass Spring's correlated confirms: no
	 * task per confirm, and a channel handed back with none pending.
	 */
	private Runnable publish(Channel channel, List<Waiter<DeliveryRequested, Void>> batch) throws Exception {
		if (channel.getNextPublishSeqNo() == 0) {
			channel.confirmSelect();
		}
		// RabbitMQ returns an unroutable message before it confirms it, on the
		// connection's thread, so every return of the batch is here once the confirms
		// are.
		Set<String> returned = ConcurrentHashMap.newKeySet();
		ReturnListener returns = (code, text, toExchange, key, message, body) -> returned
			.add(String.valueOf(message.getMessageId()));
		channel.addReturnListener(returns);
		try {
			for (Waiter<DeliveryRequested, Void> waiter : batch) {
				Message message = message(waiter.item());
				channel.basicPublish(this.exchange, this.routingKey, true, this.propertiesConverter
					.fromMessageProperties(message.getMessageProperties(), StandardCharsets.UTF_8.name()),
						message.getBody());
			}
			boolean allConfirmed = channel.waitForConfirms(this.properties.confirmTimeout().toMillis());
			return () -> answer(batch, allConfirmed, returned);
		}
		catch (TimeoutException ex) {
			// Its unconfirmed publishes would stay on the channel for the next batch.
			RabbitUtils.setPhysicalCloseRequired(channel, true);
			throw new AmqpTimeoutException("The broker did not confirm " + batch.size() + " requests within "
					+ this.properties.confirmTimeout(), ex);
		}
		finally {
			channel.removeReturnListener(returns);
		}
	}

	private Message message(DeliveryRequested request) {
		MessageProperties properties = new MessageProperties();
		properties.setHeader(RequestQueue.HEADER_REQUEST_ID, request.requestId().toString());
		properties.setHeader(RequestQueue.HEADER_TENANT_ID, request.tenantId());
		properties.setHeader(RequestQueue.HEADER_KIND, request.kind().name());
		properties.setMessageId(request.requestId().toString());
		// Spring's channel sees every return too; without a listener name it logs each as
		// an error of its own, while the caller hears of it from the dispatcher.
		properties.setHeader(PublisherCallbackChannel.RETURN_LISTENER_CORRELATION_KEY,
				RequestDispatcher.class.getName());
		return this.rabbit.getMessageConverter().toMessage(request, properties);
	}

	/**
	 * A nack says that at least one publish of the batch was not taken, not which: all
	 * fail, and the relay publishes them again (a duplicate is harmless).
	 */
	private static void answer(List<Waiter<DeliveryRequested, Void>> batch, boolean allConfirmed,
			Set<String> returned) {
		for (Waiter<DeliveryRequested, Void> waiter : batch) {
			UUID id = waiter.item().requestId();
			if (!allConfirmed) {
				waiter.sink().error(new AmqpException("Broker did not confirm request " + id));
			}
			else if (returned.contains(id.toString())) {
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
		return this.publishes.batches();
	}

	/** How many {@code published_at} statements ran (for tests). */
	long markStatements() {
		return this.marks.batches();
	}

}
