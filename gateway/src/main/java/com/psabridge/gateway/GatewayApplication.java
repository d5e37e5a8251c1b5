package com.psabridge.gateway;

import com.psabridge.core.PipelineCore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The PSA Bridge gateway: the HTTP API that accepts ticket notes and time entries, serves
 * their status, and administers API keys and tenants.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(PipelineCore.class)
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
