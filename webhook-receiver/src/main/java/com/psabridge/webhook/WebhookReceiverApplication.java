package com.psabridge.webhook;

import com.psabridge.core.PipelineCore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * webhook-receiver: where ConnectWise's callbacks will arrive. For now it only answers
 * health; the callback intake is its own issue.
 */
@SpringBootApplication
@Import(PipelineCore.class)
public class WebhookReceiverApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebhookReceiverApplication.class, args);
	}

}
