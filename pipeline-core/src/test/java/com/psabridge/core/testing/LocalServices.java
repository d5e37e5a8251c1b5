package com.psabridge.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.RabbitMQContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Finds the PostgreSQL and RabbitMQ that integration tests run against: the ones named by
 * {@code POSTGRES_*} / {@code RABBITMQ_*} (default: the local services on 127.0.0.1),
 * else containers when a Docker engine exists. {@code POSTGRES_DB} and
 * {@code RABBITMQ_VHOST} let two test runs on one machine keep out of each other's rows
 * and queues. With neither, a test fails under {@code CI=true} and is skipped elsewhere:
 * CI never passes on tests it did not run.
 */
public final class LocalServices {

	private static Endpoints endpoints;

	private LocalServices() {
	}

	/** Registers the services' coordinates as Spring properties. */
	public static void register(DynamicPropertyRegistry registry) {
		Endpoints found = require();
		String jdbc = "jdbc:postgresql://" + found.postgresHost + ":" + found.postgresPort + "/" + found.database;
		String r2dbc = "r2dbc:postgresql://" + found.postgresHost + ":" + found.postgresPort + "/" + found.database;
		registry.add("spring.r2dbc.url", () -> r2dbc);
		registry.add("spring.r2dbc.username", () -> found.user);
		registry.add("spring.r2dbc.password", () -> found.password);
		registry.add("spring.liquibase.url", () -> jdbc);
		registry.add("spring.liquibase.user", () -> found.user);
		registry.add("spring.liquibase.password", () -> found.password);
		registry.add("spring.rabbitmq.host", () -> found.rabbitHost);
		registry.add("spring.rabbitmq.port", () -> found.rabbitPort);
		registry.add("spring.rabbitmq.username", () -> found.rabbitUser);
		registry.add("spring.rabbitmq.password", () -> found.rabbitPassword);
		registry.add("spring.rabbitmq.virtual-host", () -> found.rabbitVirtualHost);
	}

	public static synchronized Endpoints require() {
		if (endpoints != null) {
			return endpoints;
		}
		Endpoints local = new Endpoints(env("POSTGRES_HOST", "127.0.0.1"),
				Integer.parseInt(env("POSTGRES_PORT", "5432")), env("POSTGRES_DB", "test"),
				env("POSTGRES_USER", "postgres"), env("POSTGRES_PASSWORD", ""), env("RABBITMQ_HOST", "127.0.0.1"),
				Integer.parseInt(env("RABBITMQ_PORT", "5672")), env("RABBITMQ_USERNAME", "guest"),
				env("RABBITMQ_PASSWORD", "guest"), env("RABBITMQ_VHOST", "/"));
		if (answers(local.postgresHost, local.postgresPort) && answers(local.rabbitHost, local.rabbitPort)) {
			endpoints = local;
			return endpoints;
		}
		if (dockerAvailable()) {
			endpoints = startContainers();
			return endpoints;
		}
		String missing = "PostgreSQL at " + local.postgresHost + ":" + local.postgresPort + " or RabbitMQ at "
				+ local.rabbitHost + ":" + local.rabbitPort + " does not answer and there is no Docker engine";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(missing + ": start them (.ci/run does) before running the integration tests");
		}
		Assumptions.abort(missing + ": integration test skipped (it would fail under CI=true)");
		throw new IllegalStateException("unreachable");
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@SuppressWarnings("resource") // the containers live as long as the test JVM
	private static Endpoints startContainers() {
		PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:15-alpine");
		RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.13-management-alpine");
		postgres.start();
		rabbit.start();
		return new Endpoints(postgres.getHost(), postgres.getFirstMappedPort(), postgres.getDatabaseName(),
				postgres.getUsername(), postgres.getPassword(), rabbit.getHost(), rabbit.getAmqpPort(),
				rabbit.getAdminUsername(), rabbit.getAdminPassword(), "/");
	}

	private static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	public record Endpoints(String postgresHost, int postgresPort, String database, String user, String password,
			String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword, String rabbitVirtualHost) {

	}

}
