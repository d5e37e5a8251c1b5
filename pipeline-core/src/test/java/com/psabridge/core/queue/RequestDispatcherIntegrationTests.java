package com.psabridge.core.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.psabridge.core.schema.SerializedSpringLiquibase;
import com.psabridge.core.testing.LocalServices;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.queue.RequestQueue;
import com.psabridge.model.request.RequestKind;
import com.rabbitmq.client.GetResponse;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.Jackson2JsonMessageConverter;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RequestDispatcher} marks a request published only after the broker confirmed it,
 * only while the row is still QUEUED and unpublished, and marks the publishes confirmed
 * at about the same time with one statement. Runs on the real PostgreSQL, in a schema of
 * its own, and publishes to the real RabbitMQ's {@code psa.requests.work} (as the
 * gateway's tests do; a worker that consumes these messages finds no such request and
 * drops them). A refusal and an unroutable publish go to queues of the test's own: the
 * shared work queue cannot be made to produce them.
 */
class RequestDispatcherIntegrationTests {

	private static final RequestQueueProperties PROPERTIES = new RequestQueueProperties(Map.of(), Duration.ofSeconds(5),
			MessageBroker.RABBITMQ, 2, 128);

	private static final String SCHEMA = "dispatcher_" + UUID.randomUUID().toString().substring(0, 8);

	private static DataSource jdbc;

	private static DatabaseClient db;

	private static CachingConnectionFactory broker;

	/** Every request these tests stored, so that their messages can be taken back. */
	private static final Set<String> requestIds = ConcurrentHashMap.newKeySet();

	@BeforeAll
	static void schema() throws Exception {
		LocalServices.Endpoints services = LocalServices.require();
		DataSource admin = dataSource(services, null);
		try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create schema " + SCHEMA);
		}
		jdbc = dataSource(services, SCHEMA);
		SerializedSpringLiquibase liquibase = new SerializedSpringLiquibase();
		liquibase.setDataSource(jdbc);
		liquibase.setDefaultSchema(SCHEMA);
		liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
		liquibase.setResourceLoader(new DefaultResourceLoader());
		liquibase.afterPropertiesSet();
		db = DatabaseClient.create(new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(services.postgresHost())
			.port(services.postgresPort())
			.database(services.database())
			.username(services.user())
			.password(services.password())
			.schema(SCHEMA)
			.build()));
		broker = new CachingConnectionFactory(services.rabbitHost(), services.rabbitPort());
		broker.setUsername(services.rabbitUser());
		broker.setPassword(services.rabbitPassword());
		broker.setVirtualHost(services.rabbitVirtualHost());
		// As pipeline-defaults.yml configures the services' connection factory.
		broker.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		broker.setPublisherReturns(true);
		RabbitAdmin topology = new RabbitAdmin(broker);
		new RequestQueueTopology().requestTopology(PROPERTIES).getDeclarables().forEach((declarable) -> {
			if (declarable instanceof Exchange exchange) {
				topology.declareExchange(exchange);
			}
			else if (declarable instanceof org.springframework.amqp.core.Queue queue) {
				topology.declareQueue(queue);
			}
			else if (declarable instanceof Binding binding) {
				topology.declareBinding(binding);
			}
		});
	}

	@AfterAll
	static void dropSchema() throws Exception {
		if (broker != null) {
			takeBackOurMessages();
			broker.destroy();
		}
		if (jdbc == null) {
			return;
		}
		try (Connection connection = dataSource(LocalServices.require(), null).getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("drop schema " + SCHEMA + " cascade");
		}
	}

	@Test
	void aLonePublishIsMarkedByItsOwnStatement() throws Exception {
		RequestDispatcher dispatcher = confirmed();
		UUID id = insert("QUEUED");
		dispatcher.dispatch(message(id)).block(Duration.ofSeconds(10));
		assertThat(publishedAt(id)).isTrue();
		assertThat(dispatcher.markStatements()).isEqualTo(1);
	}

	@Test
	void publishesConfirmedTogetherAreMarkedByFewerStatements() throws Exception {
		RequestDispatcher dispatcher = confirmed();
		List<UUID> ids = dispatchAtOnce(dispatcher, 300);
		for (UUID id : ids) {
			assertThat(publishedAt(id)).as("published_at of %s", id).isTrue();
		}
		assertThat(dispatcher.markStatements()).isBetween(1L, (long) ids.size() - 1);
	}

	@Test
	void aRowNoLongerQueuedIsNotMarked() throws Exception {
		RequestDispatcher dispatcher = confirmed();
		UUID id = insert("IN_PROGRESS");
		dispatcher.dispatch(message(id)).block(Duration.ofSeconds(10));
		assertThat(publishedAt(id)).isFalse();
	}

	@Test
	void publishesArrivingTogetherWaitForTheirConfirmsTogether() throws Exception {
		RequestDispatcher dispatcher = confirmed();
		List<UUID> ids = dispatchAtOnce(dispatcher, 300);
		assertThat(dispatcher.publishBatches()).isBetween(1L, (long) ids.size() / 2);
		assertThat(ourMessagesOnTheWorkQueue(ids)).isEqualTo(ids.size());
	}

	@Test
	void aPublishTheBrokerRefusedFailsAndLeavesTheRowUnpublished() throws Exception {
		// reject-publish on a queue that holds nothing: RabbitMQ nacks every publish.
		String full = "dispatcher-tests.full." + UUID.randomUUID();
		admin().declareQueue(QueueBuilder.nonDurable(full)
			.autoDelete()
			.withArgument("x-max-length", 0)
			.withArgument("x-overflow", "reject-publish")
			.build());
		try {
			RequestDispatcher dispatcher = publishingTo(full);
			UUID id = insert("QUEUED");
			assertThatThrownBy(() -> dispatcher.dispatch(message(id)).block(Duration.ofSeconds(10)))
				.isInstanceOf(AmqpException.class)
				.hasMessageContaining("did not confirm");
			assertThat(publishedAt(id)).isFalse();
			assertThat(dispatcher.markStatements()).isZero();
		}
		finally {
			admin().deleteQueue(full);
		}
	}

	@Test
	void anUnroutablePublishFailsAndTheCachedChannelPublishesOn() throws Exception {
		RequestDispatcher dispatcher = publishingTo("dispatcher-tests.nowhere." + UUID.randomUUID());
		UUID id = insert("QUEUED");
		assertThatThrownBy(() -> dispatcher.dispatch(message(id)).block(Duration.ofSeconds(10)))
			.isInstanceOf(AmqpException.class)
			.hasMessageContaining("unroutable");
		assertThat(publishedAt(id)).isFalse();

		RequestDispatcher routable = confirmed();
		UUID next = insert("QUEUED");
		routable.dispatch(message(next)).block(Duration.ofSeconds(10));
		assertThat(publishedAt(next)).isTrue();
	}

	@Test
	void theMarkIsAHotUpdate() throws Exception {
		UUID id = insert("QUEUED");
		try (Connection connection = jdbc.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement mark = connection
				.prepareStatement(RequestDispatcher.MARK_PUBLISHED.replace(":ids", "?"));
					Statement counts = connection.createStatement()) {
				mark.setArray(1, connection.createArrayOf("uuid", new Object[] { id }));
				assertThat(mark.executeUpdate()).isOne();
				// Counted in this transaction only, so other tests' rows do not blur it.
				ResultSet updates = counts.executeQuery("select pg_stat_get_xact_tuples_updated(oid), "
						+ "pg_stat_get_xact_tuples_hot_updated(oid) from pg_class "
						+ "where relname = 'psa_request' and relnamespace = '" + SCHEMA + "'::regnamespace");
				updates.next();
				assertThat(updates.getLong(1)).isOne();
				assertThat(updates.getLong(2)).as("HOT updates: an index names published_at").isOne();
			}
			finally {
				connection.rollback();
			}
		}
	}

	/**
	 * Removes this class's messages from the shared {@code psa.requests.work}: a worker's
	 * tests would otherwise find hundreds of unknown requests there and dead-letter each
	 * after a second. Everything else goes back: it stays unacknowledged, so not handed
	 * out again, until the end.
	 */
	private static void takeBackOurMessages() {
		new RabbitTemplate(broker).execute((channel) -> {
			long depth = channel.messageCount(RequestQueue.WORK_QUEUE);
			List<Long> others = new ArrayList<>();
			for (long i = 0; i < depth; i++) {
				GetResponse message = channel.basicGet(RequestQueue.WORK_QUEUE, false);
				if (message == null) {
					break;
				}
				Object requestId = message.getProps().getHeaders().get(RequestQueue.HEADER_REQUEST_ID);
				if (requestId != null && requestIds.contains(requestId.toString())) {
					channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
				}
				else {
					others.add(message.getEnvelope().getDeliveryTag());
				}
			}
			for (long tag : others) {
				channel.basicNack(tag, false, true);
			}
			return null;
		});
	}

	/** Stores that many QUEUED requests, then dispatches them all at once. */
	private static List<UUID> dispatchAtOnce(RequestDispatcher dispatcher, int count) throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(insert("QUEUED"));
		}
		Flux.fromIterable(ids)
			.flatMap((id) -> dispatcher.dispatch(message(id)), ids.size())
			.then()
			.block(Duration.ofSeconds(30));
		return ids;
	}

	/** Publishes to the real broker, as the services do. */
	private static RequestDispatcher confirmed() {
		RabbitTemplate rabbit = new RabbitTemplate(broker);
		rabbit.setMessageConverter(new Jackson2JsonMessageConverter());
		rabbit.setMandatory(true);
		return new RequestDispatcher(rabbit, db, PROPERTIES);
	}

	/**
	 * Publishes to the real broker, to a queue of its own through the default exchange.
	 */
	private static RequestDispatcher publishingTo(String queue) {
		RabbitTemplate rabbit = new RabbitTemplate(broker);
		rabbit.setMessageConverter(new Jackson2JsonMessageConverter());
		return new RequestDispatcher(rabbit, db, PROPERTIES, "", queue);
	}

	private static RabbitAdmin admin() {
		return new RabbitAdmin(broker);
	}

	/** Counts, without taking them, how many of these requests' messages are queued. */
	private static long ourMessagesOnTheWorkQueue(List<UUID> ids) {
		Set<String> wanted = new java.util.HashSet<>();
		ids.forEach((id) -> wanted.add(id.toString()));
		return new RabbitTemplate(broker).execute((channel) -> {
			long found = 0;
			List<Long> tags = new ArrayList<>();
			GetResponse message;
			while ((message = channel.basicGet(RequestQueue.WORK_QUEUE, false)) != null) {
				tags.add(message.getEnvelope().getDeliveryTag());
				Object requestId = message.getProps().getHeaders().get(RequestQueue.HEADER_REQUEST_ID);
				if (requestId != null && wanted.contains(requestId.toString())) {
					found++;
				}
			}
			for (long tag : tags) {
				channel.basicNack(tag, false, true);
			}
			return found;
		});
	}

	private static DeliveryRequested message(UUID id) {
		return new DeliveryRequested(id, "dispatcher-tests", RequestKind.TICKET_NOTE);
	}

	private static UUID insert(String status) throws Exception {
		UUID id = UUID.randomUUID();
		requestIds.add(id.toString());
		try (Connection connection = jdbc.getConnection(); PreparedStatement insert = connection.prepareStatement("""
				insert into psa_request (id, tenant_id, kind, ticket_id, payload_hash, payload, status)
				values (?, 'dispatcher-tests', 'TICKET_NOTE', 1, 'hash', '{}'::jsonb, ?)""")) {
			insert.setObject(1, id);
			insert.setString(2, status);
			insert.executeUpdate();
		}
		return id;
	}

	private static boolean publishedAt(UUID id) throws Exception {
		try (Connection connection = jdbc.getConnection();
				PreparedStatement select = connection
					.prepareStatement("select published_at is not null from psa_request where id = ?")) {
			select.setObject(1, id);
			try (ResultSet row = select.executeQuery()) {
				row.next();
				return row.getBoolean(1);
			}
		}
	}

	private static DataSource dataSource(LocalServices.Endpoints services, String schema) {
		String url = "jdbc:postgresql://" + services.postgresHost() + ":" + services.postgresPort() + "/"
				+ services.database() + ((schema != null) ? "?currentSchema=" + schema : "");
		return new DriverManagerDataSource(url, services.user(), services.password());
	}

}
