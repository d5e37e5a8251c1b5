package com.psabridge.webhook.event;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.psabridge.model.event.TicketEvent;
import com.psabridge.model.event.TicketEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes ticket events: persistent, with a broker confirm, headers {@code tenant-id}
 * and {@code event-id}, and the event id as AMQP message id. Its own template is not
 * {@code mandatory}: an event no consumer has bound a queue for is not a failure.
 */
@Component
public class TicketEventPublisher {

	private static final Logger logger = LoggerFactory.getLogger(TicketEventPublisher.class);

	private final RabbitTemplate rabbit;

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
		this.rabbit = new RabbitTemplate(connectionFactory);
		this.rabbit.setMandatory(false);
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
	 * errors.
	 */
	public Mono<Boolean> publishInline(TicketEvent event) {
		return publishAll(List.of(event)).map((confirmed) -> !confirmed.isEmpty());
	}

	/**
	 * Sends the events in order, then waits for their confirms; answers the ids of those
	 * the broker confirmed. Never errors.
	 */
	public Mono<List<UUID>> publishAll(List<TicketEvent> events) {
		if (events.isEmpty()) {
			return Mono.just(List.of());
		}
		// RabbitTemplate blocks while it (re)connects: keep that off the event loop.
		return Mono.fromCallable(() -> send(events))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMapMany(Flux::fromIterable)
			.flatMapSequential((sent) -> Mono.fromFuture(sent.correlation().getFuture())
				.timeout(this.properties.confirmTimeout())
				.map((confirm) -> {
					if (!confirm.isAck()) {
						return List.<UUID>of();
					}
					published(sent.routingKey()).increment();
					return List.of(sent.eventId());
				})
				.onErrorReturn(List.of()))
			.flatMapIterable((ids) -> ids)
			.collectList()
			.doOnNext((confirmed) -> {
				if (confirmed.size() < events.size()) {
					brokerTrouble((events.size() - confirmed.size()) + " of " + events.size()
							+ " ticket events not confirmed");
				}
				else {
					this.skipInlineUntilMillis = 0;
				}
			});
	}

	private List<Sent> send(List<TicketEvent> events) {
		List<Sent> sent = new ArrayList<>(events.size());
		for (TicketEvent event : events) {
			CorrelationData correlation = new CorrelationData(event.eventId().toString());
			try {
				this.rabbit.send(TicketEvents.EXCHANGE, event.routingKey(), message(event), correlation);
			}
			catch (RuntimeException ex) {
				// Keep order: what follows a failed send waits for the relay too.
				brokerTrouble(ex.toString());
				break;
			}
			sent.add(new Sent(event.eventId(), event.routingKey(), correlation));
		}
		return sent;
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

	private record Sent(UUID eventId, String routingKey, CorrelationData correlation) {

	}

}
