package com.psabridge.worker.site;

import java.time.Instant;

/**
 * Whether a delivery may call the tenant's ConnectWise now.
 *
 * @param admitted true when it may; then {@link SiteGuard#release} must follow
 * @param retryAt when to try again when it may not
 * @param reason why it may not ({@code CONCURRENCY_LIMIT}, {@code RATE_LIMIT},
 * {@code CIRCUIT_OPEN}), for logs and metrics
 */
public record Admission(boolean admitted, Instant retryAt, String reason) {

	static Admission admit() {
		return new Admission(true, null, null);
	}

	static Admission refuse(Instant retryAt, String reason) {
		return new Admission(false, retryAt, reason);
	}

}
