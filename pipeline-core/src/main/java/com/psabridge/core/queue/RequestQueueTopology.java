package com.psabridge.core.queue;

import java.util.HashMap;
import java.util.Map;

import com.psabridge.model.queue.RequestQueue;

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
 * it.
 */
@Configuration(proxyBeanMethods = false)
class RequestQueueTopology {

	@Bean
	Declarables requestTopology(RequestQueueProperties properties) {
		DirectExchange requests = new DirectExchange(RequestQueue.EXCHANGE, true, false);
		FanoutExchange deadLetters = new FanoutExchange(RequestQueue.DEAD_LETTER_EXCHANGE, true, false);
		Map<String, Object> workArguments = new HashMap<>(properties.workQueueArguments());
		workArguments.putIfAbsent("x-dead-letter-exchange", RequestQueue.DEAD_LETTER_EXCHANGE);
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
