package com.psabridge.core.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ReturnListener;

import org.springframework.amqp.AmqpTimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.PublisherCallbackChannel;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * Publishes messages together on one channel and waits once for the broker's confirms.
 * The publishes bypass Spring AMQP's correlated confirms, which run a task per confirm
 * and, for a channel handed back unconfirmed, one that blocks until it is, on an
 * unbounded pool (docs/benchmarks.md, "Broker callbacks"): here the channel goes back to
 * the cache with nothing pending, and the one thread that published waits. Blocking: call
 * it off the event loop.
 */
public final class ConfirmedPublishes {

	private final RabbitTemplate rabbit;

	private final Duration confirmTimeout;

	private final MessagePropertiesConverter propertiesConverter = new DefaultMessagePropertiesConverter();

	public ConfirmedPublishes(RabbitTemplate rabbit, Duration confirmTimeout) {
		this.rabbit = rabbit;
		this.confirmTimeout = confirmTimeout;
	}

	/**
	 * Publishes the messages in order and waits for their confirms. Throws what the
	 * template throws when the broker cannot be reached, and an
	 * {@link AmqpTimeoutException} when the confirms do not come in time.
	 */
	public Outcome publish(List<Outgoing> messages) {
		return this.rabbit.execute((channel) -> publish(channel, messages));
	}

	private Outcome publish(Channel channel, List<Outgoing> messages) throws Exception {
		if (channel.getNextPublishSeqNo() == 0) {
			channel.confirmSelect();
		}
		// RabbitMQ returns an unroutable message before it confirms it, on the
		// connection's thread, so every return is here once the confirms are.
		Set<String> returned = ConcurrentHashMap.newKeySet();
		ReturnListener returns = (code, text, exchange, key, properties, body) -> returned
			.add(String.valueOf(properties.getMessageId()));
		channel.addReturnListener(returns);
		try {
			for (Outgoing outgoing : messages) {
				Message message = outgoing.message();
				// Spring's channel sees every return too; without a listener name it
				// logs each as an error of its own, while the caller hears of it here.
				message.getMessageProperties()
					.setHeader(PublisherCallbackChannel.RETURN_LISTENER_CORRELATION_KEY,
							ConfirmedPublishes.class.getName());
				channel.basicPublish(
						outgoing.exchange(), outgoing.routingKey(), outgoing.mandatory(), this.propertiesConverter
							.fromMessageProperties(message.getMessageProperties(), StandardCharsets.UTF_8.name()),
						message.getBody());
			}
			boolean allConfirmed = channel.waitForConfirms(this.confirmTimeout.toMillis());
			return new Outcome(allConfirmed, Set.copyOf(returned));
		}
		catch (TimeoutException ex) {
			// Its unconfirmed publishes would stay on the channel for the next user.
			RabbitUtils.setPhysicalCloseRequired(channel, true);
			throw new AmqpTimeoutException(
					"The broker did not confirm " + messages.size() + " messages within " + this.confirmTimeout, ex);
		}
		finally {
			channel.removeReturnListener(returns);
		}
	}

	/**
	 * A message to publish.
	 *
	 * @param exchange where to
	 * @param routingKey with which key
	 * @param mandatory whether the broker returns it when no queue takes it (then its
	 * message id is among {@link Outcome#returned()})
	 * @param message the message, with a message id when {@code mandatory}
	 */
	public record Outgoing(String exchange, String routingKey, boolean mandatory, Message message) {

	}

	/**
	 * What the broker said of a batch.
	 *
	 * @param allConfirmed false when it nacked at least one of them; it does not say
	 * which
	 * @param returned the message ids of the mandatory messages no queue took
	 */
	public record Outcome(boolean allConfirmed, Set<String> returned) {

	}

}
