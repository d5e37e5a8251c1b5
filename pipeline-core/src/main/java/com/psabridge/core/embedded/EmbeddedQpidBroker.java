package com.psabridge.core.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.server.SystemLauncher;

/**
 * Apache Qpid Broker-J in this process, speaking AMQP 0-9-1 on 127.0.0.1 to user
 * {@code guest}/{@code guest}, with one virtual host kept in memory: messages do not
 * survive a restart, which costs nothing here because the request rows are the truth and
 * the worker's relay publishes them again. The services must run with
 * {@code PSA_QUEUE_BROKER=qpid} (see {@code MessageBroker}).
 */
public final class EmbeddedQpidBroker implements AutoCloseable {

	public static final String USER = "guest";

	public static final String PASSWORD = "guest";

	private final SystemLauncher launcher;

	private final int port;

	private EmbeddedQpidBroker(SystemLauncher launcher, int port) {
		this.launcher = launcher;
		this.port = port;
	}

	/**
	 * Starts the broker on {@code port} (0: any free port), keeping its work files in
	 * {@code workDirectory} (a temporary directory when null).
	 */
	public static EmbeddedQpidBroker start(int port, Path workDirectory) throws Exception {
		int amqpPort = (port != 0) ? port : freePort();
		Path work = (workDirectory != null) ? Files.createDirectories(workDirectory)
				: Files.createTempDirectory("psa-qpid");
		Path configuration = work.resolve("initial-config.json");
		Files.writeString(configuration, configuration(amqpPort));
		Map<String, Object> attributes = new HashMap<>();
		// The broker's own configuration lives in memory too: each start applies the
		// file.
		attributes.put("type", "Memory");
		attributes.put("initialConfigurationLocation", configuration.toUri().toString());
		attributes.put("startupLoggedToSystemOut", false);
		attributes.put("qpid.work_dir", work.toString());
		System.setProperty("qpid.work_dir", work.toString());
		SystemLauncher launcher = new SystemLauncher();
		launcher.startup(attributes);
		return new EmbeddedQpidBroker(launcher, amqpPort);
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.launcher.shutdown();
	}

	private static String configuration(int port) {
		return """
				{ "name": "psa-bridge-embedded", "modelVersion": "8.0",
				  "authenticationproviders": [ { "name": "plain", "type": "Plain", "secureOnlyMechanisms": [],
				      "users": [ { "name": "%s", "type": "managed", "password": "%s" } ] } ],
				  "ports": [ { "name": "AMQP", "port": "%d", "bindingAddress": "127.0.0.1",
				      "authenticationProvider": "plain", "protocols": [ "AMQP_0_9_1" ],
				      "virtualhostaliases": [ { "name": "nameAlias", "type": "nameAlias" },
				                              { "name": "defaultAlias", "type": "defaultAlias" } ] } ],
				  "virtualhostnodes": [ { "name": "default", "type": "Memory", "defaultVirtualHostNode": "true",
				      "virtualHostInitialConfiguration": "{\\"type\\": \\"Memory\\"}" } ] }
				""".formatted(USER, PASSWORD, port);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
