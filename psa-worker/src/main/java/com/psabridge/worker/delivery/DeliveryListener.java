package com.psabridge.worker.delivery;

import java.time.Duration;

import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import com.psabridge.worker.metrics.RequestLogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * The RabbitMQ side of delivery. Returning a {@link Mono} lets one consumer keep up to
 * the prefetch count of deliveries in flight; the container acks each message when its
 * delivery has been recorded, so a worker that dies mid-delivery leaves the message to be
 * redelivered. An unreadable message or an unknown request id is rejected without requeue
 * and so dead-lettered to {@code psa.requests.dead}; any other failure (PostgreSQL away)
 * is requeued after a pause, so it neither spins nor is lost, and the quorum queue's
 * delivery limit ends a crash loop.
 */
@Component
class DeliveryListener {

	private static final Logger logger = LoggerFactory.getLogger(DeliveryListener.class);

	private static final Duration REQUEUE_PAUSE = Duration.ofSeconds(1);

	private final RequestDelivery delivery;

	DeliveryListener(RequestDelivery delivery) {
		this.delivery = delivery;
	}

	@RabbitListener(id = "delivery", queues = RequestQueue.WORK_QUEUE)
	Mono<Void> onDeliveryRequested(DeliveryRequested message) {
		if (message.requestId() == null) {
			throw new AmqpRejectAndDontRequeueException("Message without a requestId");
		}
		return this.delivery.deliver(message.requestId())
			.onErrorResume((ex) -> !(ex instanceof AmqpRejectAndDontRequeueException), (ex) -> {
				logger.warn("Delivery of request {} failed, requeued in {}: {}", message.requestId(), REQUEUE_PAUSE,
						ex.toString());
				return Mono.delay(REQUEUE_PAUSE).then(Mono.error(ex));
			})
			.contextWrite(RequestLogContext.of(message.requestId(), message.tenantId()));
	}

}
