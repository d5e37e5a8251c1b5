package com.psabridge.worker.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

/**
 * Exponential-looking backoff read from configuration, with jitter, never sooner than
 * ConnectWise's {@code Retry-After}.
 */
@Component
public class RetrySchedule {

	private final RetryProperties properties;

	RetrySchedule(RetryProperties properties) {
		this.properties = properties;
	}

	/** How many retries a request gets after its first attempt. */
	public int budget() {
		return this.properties.schedule().size();
	}

	/**
	 * When the retry after {@code retriesSoFar} earlier retries is due, or null when the
	 * budget is spent.
	 */
	public Instant nextAttemptAt(int retriesSoFar, Duration retryAfter, Instant now) {
		if (retriesSoFar >= budget()) {
			return null;
		}
		Duration base = this.properties.schedule().get(retriesSoFar);
		double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * this.properties.jitter();
		Duration delay = Duration.ofMillis(Math.round(base.toMillis() * factor));
		if (retryAfter != null && delay.compareTo(retryAfter) < 0) {
			delay = retryAfter;
		}
		return now.plus(delay);
	}

}
