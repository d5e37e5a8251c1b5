package com.psabridge.webhook.event;

import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.core.batch.Batcher;
import com.psabridge.core.batch.Batcher.Waiter;
import com.psabridge.core.broker.ConfirmedPublishes;
import com.psabridge.core.broker.ConfirmedPublishes.Outgoing;
import com.psabridge.model.event.TicketEvent;
import com.psabridge.model.event.TicketEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes ticket events: persistent, with a broker confirm, headers {@code tenant-id}
 * and {@code event-id}, and the event id as AMQP message id; several on one channel, then
 * one wait for their confirms ({@link ConfirmedPublishes}). Not {@code mandatory}: an
 * event no consumer has bound a queue for is not a failure.
 */
@Component
public class TicketEventPublisher {

	private static final Logger logger = LoggerFactory.getLogger(TicketEventPublisher.class);

	private final ConfirmedPublishes publishes;

	private final Batcher<TicketEvent, Boolean> inline;

	private final ObjectMapper json;

	private final TicketEventProperties properties;

	private volatile long skipInlineUntilMillis;

	private final MeterRegistry meters;

	TicketEventPublisher(ConnectionFactory connectionFactory, ObjectMapper json, TicketEventProperties properties,
			MeterRegistry meters) {
		this.meters = meters;
		for (String routingKey : List.of("ticket.added", "ticket.updated", "ticket.deleted")) {
			published(routingKey);
		}
		this.publishes = new ConfirmedPublishes(new RabbitTemplate(connectionFactory), properties.confirmTimeout());
		this.inline = new Batcher<>(properties.publishChannels(), properties.relayBatch(), this::publishInline);
		this.json = json;
		this.properties = properties;
	}

	/**
	 * Whether a callback should publish its event itself: not while the broker was
	 * recently found down, so that callbacks are answered at once and the relay publishes
	 * their events.
	 */
	public boolean publishesInline() {
		return System.currentTimeMillis() >= this.skipInlineUntilMillis;
	}

	/**
	 * Publishes while a callback waits: answers whether the broker confirmed. Never
	 * errors. Events of callbacks that arrive while the last ones wait for their confirms
	 * go out together.
	 */
	public Mono<Boolean> publishInline(TicketEvent event) {
		return this.inline.submit(event);
	}

	private Mono<Runnable> publishInline(List<Waiter<TicketEvent, Boolean>> batch) {
		return publishAll(batch.stream().map(Waiter::item).toList()).map((confirmed) -> () -> batch
			.forEach((waiter) -> waiter.sink().success(confirmed.contains(waiter.item().eventId()))));
	}

	/**
	 * Publishes the events in order on one channel, then waits once for their confirms;
	 * answers the ids of those the broker confirmed: all of them or, when it nacked any
	 * (the wait reports no more), none. Never errors.
	 */
	public Mono<List<UUID>> publishAll(List<TicketEvent> events) {
		if (events.isEmpty()) {
			return Mono.just(List.of());
		}
		// RabbitTemplate blocks while it (re)connects, and the batch while it waits for
		// its confirms: never on the event loop.
		return Mono.fromCallable(() -> this.publishes.publish(events.stream()
			.map((event) -> new Outgoing(TicketEvents.EXCHANGE, event.routingKey(), false, message(event)))
			.toList())).subscribeOn(Schedulers.boundedElastic()).map((outcome) -> {
				if (!outcome.allConfirmed()) {
					brokerTrouble("the broker nacked " + events.size() + " ticket events");
					return List.<UUID>of();
				}
				this.skipInlineUntilMillis = 0;
				events.forEach((event) -> published(event.routingKey()).increment());
				return events.stream().map(TicketEvent::eventId).toList();
			}).onErrorResume((ex) -> {
				brokerTrouble(ex.toString());
				return Mono.just(List.of());
			});
	}

	/**
	 * Ticket events the broker confirmed, by routing key (the dashboard's event rate).
	 */
	private Counter published(String routingKey) {
		return Counter.builder("psa.ticket.events.published")
			.description("Ticket events confirmed by RabbitMQ")
			.tag("routing_key", routingKey)
			.register(this.meters);
	}

	private Message message(TicketEvent event) {
		byte[] body;
		try {
			body = this.json.writeValueAsBytes(event);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A ticket event could not be written as JSON", ex);
		}
		return MessageBuilder.withBody(body)
			.setContentType(MessageProperties.CONTENT_TYPE_JSON)
			.setContentEncoding("UTF-8")
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setMessageId(event.eventId().toString())
			.setTimestamp(new Date())
			.setType(event.routingKey())
			.setAppId("psa-bridge-webhook-receiver")
			.setHeader(TicketEvents.HEADER_TENANT_ID, event.tenantId())
			.setHeader(TicketEvents.HEADER_EVENT_ID, event.eventId().toString())
			.build();
	}

	private void brokerTrouble(String reason) {
		this.skipInlineUntilMillis = System.currentTimeMillis() + this.properties.brokerBackoff().toMillis();
		logger.warn("Publishing ticket events failed ({}); the relay publishes them when the broker is back", reason);
	}

}
