package com.psabridge.core.schema;

import java.sql.Connection;
import java.sql.Statement;

import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;

/**
 * Liquibase's own lock lives in a table it must first create, and services starting
 * together on an empty database race to create it (seen here: "type databasechangelog
 * already exists"). A PostgreSQL advisory lock, which needs no table, serialises the
 * whole migration instead; the second service then finds everything applied.
 */
public class SerializedSpringLiquibase extends SpringLiquibase {

	/** Any constant shared by every PSA Bridge service; "PSAB" in ASCII. */
	private static final long MIGRATION_LOCK = 0x50534142L;

	@Override
	public void afterPropertiesSet() throws LiquibaseException {
		try (Connection connection = getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("select pg_advisory_lock(" + MIGRATION_LOCK + ")");
			try {
				super.afterPropertiesSet();
			}
			finally {
				statement.execute("select pg_advisory_unlock(" + MIGRATION_LOCK + ")");
			}
		}
		catch (java.sql.SQLException ex) {
			throw new LiquibaseException("Could not take the schema migration lock", ex);
		}
	}

}
