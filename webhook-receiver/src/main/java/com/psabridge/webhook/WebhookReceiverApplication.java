package com.psabridge.webhook;

import com.psabridge.core.PipelineCore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * webhook-receiver: ConnectWise callbacks in, verified, de-duplicated, stored, and
 * emitted as ticket events on {@code psa.ticket-events}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(PipelineCore.class)
public class WebhookReceiverApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebhookReceiverApplication.class, args);
	}

}
