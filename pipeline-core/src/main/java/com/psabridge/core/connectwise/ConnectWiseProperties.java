package com.psabridge.core.connectwise;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How PSA Bridge calls ConnectWise.
 *
 * @param clientId the application's ConnectWise {@code clientId} GUID
 * ({@code PSA_CONNECTWISE_CLIENT_ID}); one per product, not per tenant
 * @param apiVersion the pinned API version sent in {@code Accept}
 * @param allowInsecureHttp whether a tenant's site may be plain http (on-premises
 * servers, simulators)
 * @param connectTimeout TCP connect timeout
 * @param readTimeout how long to wait for an answer; ConnectWise POSTs have been seen to
 * take minutes, and a timed-out write has an unknown outcome
 */
@Validated
@ConfigurationProperties("psa.connectwise")
public record ConnectWiseProperties(String clientId, @DefaultValue("2025.8") String apiVersion,
		@DefaultValue("false") boolean allowInsecureHttp, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("60s") Duration readTimeout) {

	String acceptHeader() {
		return "application/vnd.connectwise.com+json; version=" + this.apiVersion;
	}

}
