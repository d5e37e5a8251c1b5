package com.psabridge.worker.delivery;

import java.util.UUID;

import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import reactor.core.publisher.Mono;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * The RabbitMQ side of delivery. Returning a {@link Mono} lets one consumer keep up to
 * the prefetch count of deliveries in flight; the container acks each message when its
 * delivery has been recorded, so a worker that dies mid-delivery leaves the message to be
 * redelivered.
 */
@Component
class DeliveryListener {

	private final RequestDelivery delivery;

	DeliveryListener(RequestDelivery delivery) {
		this.delivery = delivery;
	}

	@RabbitListener(id = "delivery", queues = RequestQueue.WORK_QUEUE)
	Mono<Void> onDeliveryRequested(DeliveryRequested message) {
		UUID requestId = message.requestId();
		return this.delivery.deliver(requestId);
	}

}
