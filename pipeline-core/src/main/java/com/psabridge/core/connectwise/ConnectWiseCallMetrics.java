package com.psabridge.core.connectwise;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code psa.connectwise.calls}: how long each ConnectWise call took, by operation
 * ({@code POST_NOTE}, {@code SYSTEM_INFO}...), outcome (the delivery classification:
 * {@code SUCCEEDED}, {@code TRANSIENT_FAILURE}, {@code PERMANENT_FAILURE},
 * {@code ACCESS_DENIED}) and HTTP status. Every tag has a fixed, small set of values: no
 * tenant, no site, and statuses outside the ones ConnectWise is known to answer are
 * {@code other}. Histogram buckets come from
 * {@code management.metrics.distribution.slo.psa.connectwise.calls}.
 */
final class ConnectWiseCallMetrics {

	static final String NAME = "psa.connectwise.calls";

	private static final Set<Integer> KNOWN_STATUSES = Set.of(200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429,
			500, 502, 503, 504);

	private final MeterRegistry meters;

	ConnectWiseCallMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	void record(String operation, CallOutcome outcome) {
		Timer.builder(NAME)
			.description("ConnectWise calls by operation, outcome and HTTP status")
			.tag("operation", operation)
			.tag("outcome", outcome.result().name())
			.tag("status", status(outcome.httpStatus()))
			.register(this.meters)
			.record(outcome.elapsed());
	}

	static String status(Integer httpStatus) {
		if (httpStatus == null) {
			return "none";
		}
		return KNOWN_STATUSES.contains(httpStatus) ? String.valueOf(httpStatus) : "other";
	}

}
