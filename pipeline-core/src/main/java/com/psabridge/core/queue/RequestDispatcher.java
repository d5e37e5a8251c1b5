package com.psabridge.core.queue;

import java.util.UUID;

import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import reactor.core.publisher.Mono;
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
 */
@Component
public class RequestDispatcher {

	private final RabbitTemplate rabbit;

	private final DatabaseClient db;

	private final RequestQueueProperties properties;

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
		return this.db.sql(
				"update psa_request set published_at = now() where id = :id and status = 'QUEUED' and published_at is null")
			.bind("id", requestId)
			.then();
	}

}
