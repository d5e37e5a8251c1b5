package com.psabridge.core.queue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Gives every RabbitMQ connection factory of the service a fixed pool of threads for the
 * client's callbacks: publisher confirms and returns, and deliveries handed to listener
 * containers.
 * <p>
 * Left to itself, Spring AMQP runs each publisher confirm as a task of its own on an
 * unbounded cached pool, and the broker acknowledges many publishes with one
 * {@code basic.ack}: a burst of n confirms starts up to n threads, each kept for a
 * minute. The gateway held 245 of them (30 MB of thread stacks, its RSS over 300 MB)
 * after a minute of ingest (docs/benchmarks.md). A confirm callback only completes a
 * future (what follows it is non-blocking), so a few threads keep up.
 */
final class BrokerCallbackThreads implements BeanPostProcessor, DisposableBean {

	static final String THREAD_NAME_PREFIX = "rabbit-callbacks-";

	private final ExecutorService callbacks;

	BrokerCallbackThreads(int threads) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(THREAD_NAME_PREFIX);
		// The connection factory never shuts down an executor it was given; daemon
		// threads
		// cannot keep the JVM alive if destroy() is not reached.
		factory.setDaemon(true);
		this.callbacks = Executors.newFixedThreadPool(threads, factory);
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractConnectionFactory connectionFactory) {
			connectionFactory.setExecutor(this.callbacks);
		}
		return bean;
	}

	@Override
	public void destroy() {
		this.callbacks.shutdown();
	}

}
