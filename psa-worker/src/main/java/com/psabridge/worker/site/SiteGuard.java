package com.psabridge.worker.site;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.psabridge.core.connectwise.CallOutcome;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;

/**
 * The limits of one tenant's ConnectWise site. Acquiring is non-blocking: a delivery that
 * is refused is put off (it is not an attempt), so a slow or failing tenant never holds a
 * worker's capacity that other tenants need.
 */
public class SiteGuard {

	private final CircuitBreaker breaker;

	private final Bulkhead concurrency;

	private final RateLimiter rate;

	private final Duration busyDelay;

	SiteGuard(CircuitBreaker breaker, Bulkhead concurrency, RateLimiter rate, Duration busyDelay) {
		this.breaker = breaker;
		this.concurrency = concurrency;
		this.rate = rate;
		this.busyDelay = busyDelay;
	}

	public Admission admit() {
		if (!this.breaker.tryAcquirePermission()) {
			long openMillis = this.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
			return Admission.refuse(Instant.now().plusMillis(openMillis), "CIRCUIT_OPEN");
		}
		if (!this.concurrency.tryAcquirePermission()) {
			this.breaker.releasePermission();
			return Admission.refuse(later(), "CONCURRENCY_LIMIT");
		}
		if (!this.rate.acquirePermission()) {
			this.concurrency.onComplete();
			this.breaker.releasePermission();
			return Admission.refuse(later(), "RATE_LIMIT");
		}
		return Admission.admit();
	}

	/**
	 * Whether the breaker is letting a trial call through: the delivery should first make
	 * a cheap probe ({@code GET /system/info}) rather than risk a write.
	 */
	public boolean needsProbe() {
		return this.breaker.getState() == CircuitBreaker.State.HALF_OPEN;
	}

	/**
	 * Ends an admitted delivery. Transient failures count against the breaker; an answer
	 * that says the request itself is wrong (400, 404) shows ConnectWise is up.
	 */
	public void release(CallOutcome lastCall) {
		this.concurrency.onComplete();
		long nanos = (lastCall != null) ? lastCall.elapsed().toNanos() : 0;
		if (lastCall != null && lastCall.result() == CallOutcome.Result.TRANSIENT_FAILURE) {
			this.breaker.onError(nanos, TimeUnit.NANOSECONDS, new TransientFailure(lastCall));
		}
		else if (lastCall != null) {
			this.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
		}
		else {
			this.breaker.releasePermission();
		}
	}

	private Instant later() {
		// Spread the retries of a busy tenant so that they do not all come back in one
		// pass.
		long jitter = ThreadLocalRandom.current().nextLong(this.busyDelay.toMillis() / 2 + 1);
		return Instant.now().plus(this.busyDelay).plusMillis(jitter);
	}

	static final class TransientFailure extends RuntimeException {

		TransientFailure(CallOutcome call) {
			super(call.errorCode() + " " + call.httpStatus(), null, false, false);
		}

	}

}
