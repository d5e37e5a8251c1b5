package com.psabridge.core.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.psabridge.core.schema.SerializedSpringLiquibase;
import com.psabridge.core.testing.LocalServices;
import com.psabridge.model.queue.DeliveryRequested;
import com.psabridge.model.request.RequestKind;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessagePostProcessor;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RequestDispatcher} marks a request published only after the broker confirmed it,
 * only while the row is still QUEUED and unpublished, and marks the publishes confirmed
 * at about the same time with one statement. Runs on the real PostgreSQL, in a schema of
 * its own; the broker is a stand-in that confirms (or refuses) at once.
 */
class RequestDispatcherIntegrationTests {

	private static final String SCHEMA = "dispatcher_" + UUID.randomUUID().toString().substring(0, 8);

	private static DataSource jdbc;

	private static DatabaseClient db;

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
	}

	@AfterAll
	static void dropSchema() throws Exception {
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
		RequestDispatcher dispatcher = dispatcher(true);
		UUID id = insert("QUEUED");
		dispatcher.dispatch(message(id)).block(Duration.ofSeconds(10));
		assertThat(publishedAt(id)).isTrue();
		assertThat(dispatcher.markStatements()).isEqualTo(1);
	}

	@Test
	void publishesConfirmedTogetherAreMarkedByFewerStatements() throws Exception {
		RequestDispatcher dispatcher = dispatcher(true);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			ids.add(insert("QUEUED"));
		}
		Flux.fromIterable(ids)
			.flatMap((id) -> dispatcher.dispatch(message(id)), ids.size())
			.then()
			.block(Duration.ofSeconds(30));
		for (UUID id : ids) {
			assertThat(publishedAt(id)).as("published_at of %s", id).isTrue();
		}
		assertThat(dispatcher.markStatements()).isBetween(1L, (long) ids.size() - 1);
	}

	@Test
	void aRowNoLongerQueuedIsNotMarked() throws Exception {
		RequestDispatcher dispatcher = dispatcher(true);
		UUID id = insert("IN_PROGRESS");
		dispatcher.dispatch(message(id)).block(Duration.ofSeconds(10));
		assertThat(publishedAt(id)).isFalse();
	}

	@Test
	void aPublishTheBrokerRefusedFailsAndLeavesTheRowUnpublished() throws Exception {
		RequestDispatcher dispatcher = dispatcher(false);
		UUID id = insert("QUEUED");
		assertThatThrownBy(() -> dispatcher.dispatch(message(id)).block(Duration.ofSeconds(10)))
			.isInstanceOf(AmqpException.class)
			.hasMessageContaining("did not confirm");
		assertThat(publishedAt(id)).isFalse();
		assertThat(dispatcher.markStatements()).isZero();
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

	private static RequestDispatcher dispatcher(boolean ack) {
		RabbitTemplate broker = new RabbitTemplate() {

			@Override
			public void convertAndSend(String exchange, String routingKey, Object message,
					MessagePostProcessor messagePostProcessor, CorrelationData correlationData) {
				correlationData.getFuture().complete(new CorrelationData.Confirm(ack, ack ? null : "nack"));
			}

		};
		return new RequestDispatcher(broker, db,
				new RequestQueueProperties(Map.of(), Duration.ofSeconds(5), MessageBroker.RABBITMQ));
	}

	private static DeliveryRequested message(UUID id) {
		return new DeliveryRequested(id, "dispatcher-tests", RequestKind.TICKET_NOTE);
	}

	private static UUID insert(String status) throws Exception {
		UUID id = UUID.randomUUID();
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
