package com.psabridge.core.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import javax.sql.DataSource;

import com.psabridge.core.testing.LocalServices;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services migrate the schema on start; several starting at once on an empty database
 * must all come up with one schema.
 */
class SchemaMigrationIntegrationTests {

	@Test
	void servicesStartingAtOnceOnAnEmptyDatabaseMigrateItOnce() throws Exception {
		LocalServices.Endpoints services = LocalServices.require();
		String schema = "migration_race_" + UUID.randomUUID().toString().substring(0, 8);
		DataSource admin = dataSource(services, null);
		try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create schema " + schema);
		}
		try {
			int services_starting = 3;
			CyclicBarrier start = new CyclicBarrier(services_starting);
			List<CompletableFuture<Void>> migrations = new ArrayList<>();
			for (int i = 0; i < services_starting; i++) {
				migrations.add(CompletableFuture.runAsync(() -> {
					try {
						SpringLiquibase liquibase = new SerializedSpringLiquibase();
						liquibase.setDataSource(dataSource(services, schema));
						liquibase.setDefaultSchema(schema);
						liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
						liquibase.setResourceLoader(new DefaultResourceLoader());
						start.await();
						liquibase.afterPropertiesSet();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}));
			}
			CompletableFuture.allOf(migrations.toArray(CompletableFuture[]::new)).join();
			try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
				ResultSet tables = statement.executeQuery("select table_name from information_schema.tables "
						+ "where table_schema = '" + schema + "' and table_name like 'psa_%'");
				List<String> names = new ArrayList<>();
				while (tables.next()) {
					names.add(tables.getString(1));
				}
				assertThat(names).contains("psa_request", "psa_activity_log", "psa_tenant_connection",
						"psa_member_mapping", "psa_api_key");
				ResultSet applied = statement
					.executeQuery("select count(*), count(distinct id) from " + schema + ".databasechangelog");
				applied.next();
				assertThat(applied.getInt(1)).isEqualTo(applied.getInt(2));
				// ANALYZE skips the columns no statement plans on (changelog 007).
				ResultSet withoutStatistics = statement
					.executeQuery("select c.relname || '.' || a.attname from pg_attribute a "
							+ "join pg_class c on c.oid = a.attrelid where a.attnum > 0 and a.attstattarget = 0 "
							+ "and c.relnamespace = '" + schema + "'::regnamespace "
							+ "and c.relname in ('psa_request', 'psa_activity_log')");
				List<String> columns = new ArrayList<>();
				while (withoutStatistics.next()) {
					columns.add(withoutStatistics.getString(1));
				}
				assertThat(columns).containsExactlyInAnyOrder("psa_request.payload", "psa_request.payload_hash",
						"psa_request.idempotency_key", "psa_request.last_error", "psa_activity_log.error_message");
			}
		}
		finally {
			try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("drop schema " + schema + " cascade");
			}
		}
	}

	private static DataSource dataSource(LocalServices.Endpoints services, String schema) {
		String url = "jdbc:postgresql://" + services.postgresHost() + ":" + services.postgresPort() + "/"
				+ services.database() + ((schema != null) ? "?currentSchema=" + schema : "");
		return new DriverManagerDataSource(url, services.user(), services.password());
	}

}
