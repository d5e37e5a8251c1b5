package com.psabridge.core.queue;

import java.util.HashMap;
import java.util.Map;

import com.psabridge.model.queue.RequestQueue;

/**
 * The broker PSA Bridge runs on, and everything about the request topology that differs
 * between brokers. This is the one place that knows: the rest of the code sees a durable
 * work queue whose rejected messages end in {@code psa.requests.dead}.
 */
public enum MessageBroker {

	/**
	 * RabbitMQ (production): a quorum queue that dead-letters through
	 * {@code x-dead-letter-exchange}, and whose delivery limit ends a crash loop.
	 */
	RABBITMQ(Map.of("x-queue-type", "quorum", "x-delivery-limit", 10), "x-dead-letter-exchange"),

	/**
	 * Apache Qpid Broker-J (the embedded local run only): it refuses quorum queues,
	 * {@code x-dead-letter-*} and TTL arguments. A message rejected without requeue is
	 * routed to the queue's {@code alternateExchange} once its delivery count reaches
	 * {@code x-qpid-maximum-delivery-count}; with 1 that is at the first rejection, as on
	 * RabbitMQ. A requeue does not count on Qpid, so a crash loop is only slowed down (by
	 * the listener's pause), not ended.
	 */
	QPID(Map.of("x-qpid-maximum-delivery-count", 1), "alternateExchange");

	private final Map<String, Object> defaultWorkQueueArguments;

	private final String deadLetterArgument;

	MessageBroker(Map<String, Object> defaultWorkQueueArguments, String deadLetterArgument) {
		this.defaultWorkQueueArguments = defaultWorkQueueArguments;
		this.deadLetterArgument = deadLetterArgument;
	}

	/**
	 * The arguments of {@code psa.requests.work}: the configured ones (or this broker's
	 * defaults when none are configured), plus the dead-letter route to
	 * {@code psa.requests.dlx} unless configured otherwise.
	 */
	public Map<String, Object> workQueueArguments(Map<String, Object> configured) {
		Map<String, Object> arguments = new HashMap<>(
				(configured != null && !configured.isEmpty()) ? configured : this.defaultWorkQueueArguments);
		arguments.putIfAbsent(this.deadLetterArgument, RequestQueue.DEAD_LETTER_EXCHANGE);
		return arguments;
	}

}
