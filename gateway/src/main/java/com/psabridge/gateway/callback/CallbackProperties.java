package com.psabridge.gateway.callback;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where ConnectWise reaches the webhook-receiver.
 *
 * @param publicUrl the webhook-receiver's public base URL
 * ({@code PSA_CALLBACK_PUBLIC_URL}), e.g. {@code https://hooks.psabridge.example};
 * registering needs it
 * @param rotationGrace how long the previous token still works after a rotation, so
 * callbacks already on their way are not refused
 */
@ConfigurationProperties("psa.callbacks")
record CallbackProperties(String publicUrl, @DefaultValue("1h") Duration rotationGrace) {

	boolean configured() {
		return this.publicUrl != null && !this.publicUrl.isBlank();
	}

	/** The start of every callback URL of the tenant, up to its token. */
	String tenantPrefix(String tenantId) {
		String base = this.publicUrl.endsWith("/") ? this.publicUrl.substring(0, this.publicUrl.length() - 1)
				: this.publicUrl;
		return base + "/v1/callbacks/connectwise/" + tenantId + "/";
	}

	/**
	 * ConnectWise appends the record id as raw text, so the URL ends in an empty query
	 * value.
	 */
	String callbackUrl(String tenantId, String token) {
		return tenantPrefix(tenantId) + token + "?recordId=";
	}

}
