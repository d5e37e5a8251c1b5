package com.psabridge.core.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import com.psabridge.core.queue.MessageBroker;
import com.psabridge.model.queue.RequestQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bare-machine mode's servers: the embedded PostgreSQL answers SQL, and the embedded
 * Qpid broker carries the request topology as {@link MessageBroker#QPID} declares it,
 * with confirms, and dead-letters a rejected message to {@code psa.requests.dead}.
 */
class EmbeddedServicesIntegrationTests {

	private static EmbeddedServices services;

	private static CachingConnectionFactory amqp;

	@BeforeAll
	static void start() throws Exception {
		services = EmbeddedServices.start(0, 0, null);
		amqp = new CachingConnectionFactory("127.0.0.1", services.brokerPort());
		amqp.setUsername(EmbeddedQpidBroker.USER);
		amqp.setPassword(EmbeddedQpidBroker.PASSWORD);
		amqp.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		amqp.setPublisherReturns(true);
	}

	@AfterAll
	static void stop() throws Exception {
		amqp.destroy();
		services.close();
	}

	@Test
	void postgresAnswersAsUserPostgresWithoutAPassword() throws Exception {
		String url = "jdbc:postgresql://127.0.0.1:" + services.postgresPort() + "/" + EmbeddedPostgreSql.DATABASE;
		try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgreSql.USER, "");
				ResultSet answer = connection.createStatement().executeQuery("select current_user, version()")) {
			assertThat(answer.next()).isTrue();
			assertThat(answer.getString(1)).isEqualTo("postgres");
			assertThat(answer.getString(2)).startsWith("PostgreSQL");
		}
	}

	@Test
	void qpidRefusesTheRabbitMqArgumentsSoTheBrokerMustBeConfigured() {
		RabbitAdmin admin = new RabbitAdmin(amqp);
		admin.declareExchange(new FanoutExchange(RequestQueue.DEAD_LETTER_EXCHANGE, true, false));
		assertThatExceptionOfType(AmqpException.class).isThrownBy(() -> admin.declareQueue(
				new Queue("rabbit-style", true, false, false, MessageBroker.RABBITMQ.workQueueArguments(Map.of()))));
	}

	@Test
	void confirmsAPublishAndDeadLettersARejectedMessage() throws Exception {
		RabbitAdmin admin = new RabbitAdmin(amqp);
		DirectExchange requests = new DirectExchange(RequestQueue.EXCHANGE, true, false);
		FanoutExchange deadLetters = new FanoutExchange(RequestQueue.DEAD_LETTER_EXCHANGE, true, false);
		Queue work = new Queue(RequestQueue.WORK_QUEUE, true, false, false,
				MessageBroker.QPID.workQueueArguments(Map.of()));
		Queue dead = new Queue(RequestQueue.DEAD_QUEUE, true, false, false);
		admin.declareExchange(requests);
		admin.declareExchange(deadLetters);
		admin.declareQueue(work);
		admin.declareQueue(dead);
		admin.declareBinding(BindingBuilder.bind(work).to(requests).with(RequestQueue.WORK_QUEUE));
		admin.declareBinding(BindingBuilder.bind(dead).to(deadLetters));
		RabbitTemplate rabbit = new RabbitTemplate(amqp);
		rabbit.setMandatory(true);

		CorrelationData correlation = new CorrelationData("poison");
		rabbit.convertAndSend(RequestQueue.EXCHANGE, RequestQueue.WORK_QUEUE, "poison", correlation);
		assertThat(correlation.getFuture().get().isAck()).isTrue();

		SimpleMessageListenerContainer consumer = new SimpleMessageListenerContainer(amqp);
		consumer.setQueueNames(RequestQueue.WORK_QUEUE);
		consumer.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		consumer.setMessageListener((ChannelAwareMessageListener) (message, channel) -> channel
			.basicNack(message.getMessageProperties().getDeliveryTag(), false, false));
		consumer.start();
		try {
			Message deadLettered = rabbit.receive(RequestQueue.DEAD_QUEUE, 10_000);
			assertThat(deadLettered).isNotNull();
			assertThat(new String(deadLettered.getBody())).isEqualTo("poison");
		}
		finally {
			consumer.stop();
		}
	}

}
