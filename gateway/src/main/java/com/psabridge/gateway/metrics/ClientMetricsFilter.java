package com.psabridge.gateway.metrics;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's {@code http.client.requests} names each ConnectWise host in
 * {@code client.name}: one series set per on-premises tenant tested. The host goes;
 * {@code psa.connectwise.calls} says what was called and how it went.
 */
@Configuration(proxyBeanMethods = false)
class ClientMetricsFilter {

	@Bean
	MeterFilter boundedHttpClientTags() {
		return MeterFilter.ignoreTags("client.name");
	}

}
