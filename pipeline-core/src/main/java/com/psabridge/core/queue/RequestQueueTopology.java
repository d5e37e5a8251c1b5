package com.psabridge.core.queue;

import java.util.Map;

import com.psabridge.model.queue.RequestQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.support.converter.Jackson2JsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares {@code psa.requests} → {@code psa.requests.work}, and the dead-letter path to
 * {@code psa.requests.dead}. Every service declares it, so whichever starts first creates
 * it. What differs between brokers is in {@link MessageBroker}.
 */
@Configuration(proxyBeanMethods = false)
class RequestQueueTopology {

	private static final Logger logger = LoggerFactory.getLogger(RequestQueueTopology.class);

	@Bean
	Declarables requestTopology(RequestQueueProperties properties) {
		DirectExchange requests = new DirectExchange(RequestQueue.EXCHANGE, true, false);
		FanoutExchange deadLetters = new FanoutExchange(RequestQueue.DEAD_LETTER_EXCHANGE, true, false);
		Map<String, Object> workArguments = properties.effectiveWorkQueueArguments();
		logger.info("Request topology for {} (psa.queue.broker): {} with arguments {}", properties.broker(),
				RequestQueue.WORK_QUEUE, workArguments);
		Queue work = new Queue(RequestQueue.WORK_QUEUE, true, false, false, workArguments);
		Queue dead = new Queue(RequestQueue.DEAD_QUEUE, true, false, false);
		Binding workBinding = BindingBuilder.bind(work).to(requests).with(RequestQueue.WORK_QUEUE);
		Binding deadBinding = BindingBuilder.bind(dead).to(deadLetters);
		return new Declarables(requests, deadLetters, work, dead, workBinding, deadBinding);
	}

	@Bean
	MessageConverter requestMessageConverter() {
		return new Jackson2JsonMessageConverter();
	}

}
