package com.psabridge.webhook.event;

import com.psabridge.model.event.TicketEvents;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the durable topic exchange {@code psa.ticket-events}. It has no queue of its
 * own: each consumer binds its own durable queue ({@code ticket.*} or one action), so an
 * event nobody subscribed to is simply dropped by the broker, not an error.
 */
@Configuration(proxyBeanMethods = false)
class TicketEventTopology {

	@Bean
	Declarables ticketEventExchange() {
		return new Declarables(new TopicExchange(TicketEvents.EXCHANGE, true, false));
	}

}
