package com.psabridge.core.schema;

import liquibase.integration.spring.SpringLiquibase;

import org.springframework.boot.autoconfigure.liquibase.LiquibaseProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Runs the migrations over JDBC ({@code spring.liquibase.url}) before anything uses the
 * schema. Declaring the bean here replaces Boot's so that the migration is serialised
 * across services; the {@code spring.liquibase.*} properties keep their meaning.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiquibaseProperties.class)
class SchemaMigration {

	@Bean
	SpringLiquibase liquibase(LiquibaseProperties properties) {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource();
		dataSource.setDriverClass(org.postgresql.Driver.class);
		dataSource.setUrl(properties.getUrl());
		dataSource.setUsername(properties.getUser());
		dataSource.setPassword(properties.getPassword());
		SpringLiquibase liquibase = new SerializedSpringLiquibase();
		liquibase.setDataSource(dataSource);
		liquibase.setChangeLog(properties.getChangeLog());
		liquibase.setDefaultSchema(properties.getDefaultSchema());
		liquibase.setShouldRun(properties.isEnabled());
		return liquibase;
	}

}
