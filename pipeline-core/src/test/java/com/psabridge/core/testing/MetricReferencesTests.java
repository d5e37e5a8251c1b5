package com.psabridge.core.testing;

import com.psabridge.core.testing.MetricReferences.Exporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricReferencesTests {

	@Test
	void findsTheMetricNamesOfAnExpressionButNotItsLabelsFunctionsOrVariables() {
		assertThat(MetricReferences.metricNames(
				"histogram_quantile(0.95, sum by (le, operation) (rate(psa_connectwise_calls_seconds_bucket{outcome!=\"SUCCEEDED\"}[$__rate_interval])))"))
			.containsExactly("psa_connectwise_calls_seconds_bucket");
		assertThat(MetricReferences.metricNames(
				"max by (name) (resilience4j_circuitbreaker_state{state=~\"open|half_open\"}) == 1 and on (name) up"))
			.containsExactly("resilience4j_circuitbreaker_state", "up");
		assertThat(MetricReferences.metricNames("sum(increase(psa_requests_dead_lettered_total[15m])) > 0"))
			.containsExactly("psa_requests_dead_lettered_total");
	}

	@Test
	void readsTheNamesOfTheInfraRulesAndDashboards() {
		assertThat(MetricReferences.referenced(MetricReferences.infra())).contains(
				"psa_requests_oldest_due_age_seconds", "psa_tenants_paused", "up",
				"rabbitmq_detailed_queue_messages_ready");
		assertThat(MetricReferences.exporter("psa_callbacks_received_total")).isEqualTo(Exporter.WEBHOOK_RECEIVER);
	}

	@Test
	void readsTheNamesOfAScrape() {
		assertThat(MetricReferences.exported("""
				# HELP x
				# TYPE psa_tenants_paused gauge
				psa_tenants_paused{application="psa-worker"} 0.0
				up 1
				""")).containsExactly("psa_tenants_paused", "up");
	}

}
