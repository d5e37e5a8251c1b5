package com.psabridge.worker.site;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.psabridge.core.connectwise.CallOutcome;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The limits of one tenant's ConnectWise site. A delivery that finds the tenant's
 * concurrency limit reached waits in memory, in a short wait list, and takes the next
 * slot that frees, so the tenant is kept at its concurrency without a round trip through
 * PostgreSQL. The wait list is bounded in length and in time: beyond it the delivery is
 * put off (it is not an attempt), so a hanging tenant holds at most
 * {@code concurrency + waitList} of a worker's prefetched messages and never the capacity
 * other tenants need.
 */
public class SiteGuard {

	private final CircuitBreaker breaker;

	private final Bulkhead concurrency;

	private final RateLimiter rate;

	private final SiteProtectionProperties properties;

	private final Scheduler timer;

	/** Deliveries waiting for a slot, oldest first; guarded by {@code this}. */
	private final Deque<Waiter> waiting = new ArrayDeque<>();

	SiteGuard(CircuitBreaker breaker, Bulkhead concurrency, RateLimiter rate, SiteProtectionProperties properties) {
		this(breaker, concurrency, rate, properties, Schedulers.parallel());
	}

	SiteGuard(CircuitBreaker breaker, Bulkhead concurrency, RateLimiter rate, SiteProtectionProperties properties,
			Scheduler timer) {
		this.breaker = breaker;
		this.concurrency = concurrency;
		this.rate = rate;
		this.properties = properties;
		this.timer = timer;
	}

	/**
	 * Admits a delivery once it holds a concurrency slot, a breaker permission and a rate
	 * permit. Completes at once when the tenant has a free slot, later when one frees up
	 * within the wait list's bound, else with a refusal saying when to try again. When it
	 * admits, {@link #release} must follow.
	 */
	public Mono<Admission> admit() {
		if (!this.breaker.tryAcquirePermission()) {
			return Mono.just(Admission.refuse(whenOpenEnds(), "CIRCUIT_OPEN"));
		}
		return slot().flatMap((hasSlot) -> {
			if (!hasSlot) {
				this.breaker.releasePermission();
				return Mono.just(Admission.refuse(later(), "CONCURRENCY_LIMIT"));
			}
			// A permit up to the rate limiter's timeout-duration ahead is waited for
			// here;
			// beyond that the delivery is put off.
			long waitNanos = this.rate.reservePermission();
			if (waitNanos < 0) {
				freeSlot();
				this.breaker.releasePermission();
				return Mono.just(Admission.refuse(later(), "RATE_LIMIT"));
			}
			// Only a stopping worker cancels a delivery during this wait; its slot and
			// permission go with the process.
			Mono<Admission> admitted = Mono.just(Admission.admit());
			return (waitNanos == 0) ? admitted : admitted.delayElement(Duration.ofNanos(waitNanos), this.timer);
		});
	}

	/**
	 * True once the delivery holds one of the tenant's concurrency slots; false when the
	 * wait list is full or the wait ran out.
	 */
	private Mono<Boolean> slot() {
		return Mono.<Boolean>create((sink) -> {
			Waiter waiter;
			synchronized (this) {
				if (this.waiting.isEmpty() && this.concurrency.tryAcquirePermission()) {
					sink.success(true);
					return;
				}
				if (this.waiting.size() >= this.properties.waitList()) {
					sink.success(false);
					return;
				}
				waiter = new Waiter(sink);
				this.waiting.addLast(waiter);
			}
			waiter.timeout = this.timer.schedule(() -> giveUp(waiter), this.properties.slotWait().toMillis(),
					TimeUnit.MILLISECONDS);
			sink.onCancel(() -> giveUp(waiter));
		}).doOnDiscard(Boolean.class, (handedSlot) -> {
			// The delivery went away (worker stopping) after it was handed a slot.
			if (handedSlot) {
				freeSlot();
			}
		});
	}

	private void giveUp(Waiter waiter) {
		boolean removed;
		synchronized (this) {
			removed = this.waiting.remove(waiter);
		}
		if (removed) {
			waiter.sink.success(false);
		}
	}

	/**
	 * Frees a concurrency slot: the oldest waiting delivery takes it over, else the
	 * bulkhead gets it back.
	 */
	private void freeSlot() {
		Waiter next;
		synchronized (this) {
			next = this.waiting.pollFirst();
			if (next == null) {
				this.concurrency.onComplete();
				return;
			}
		}
		Disposable timeout = next.timeout;
		if (timeout != null) {
			timeout.dispose();
		}
		next.sink.success(true);
	}

	/**
	 * Whether the breaker is letting a trial call through: the delivery should first make
	 * a cheap probe ({@code GET /system/info}) rather than risk a write.
	 */
	public boolean needsProbe() {
		return this.breaker.getState() == CircuitBreaker.State.HALF_OPEN;
	}

	/** When an open breaker next lets a trial call through. */
	public Instant whenOpenEnds() {
		long openMillis = this.breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		return Instant.now().plusMillis(openMillis);
	}

	/**
	 * Ends an admitted delivery. Transient failures count against the breaker; an answer
	 * that says the request itself is wrong (400, 404) shows ConnectWise is up.
	 */
	public void release(CallOutcome lastCall) {
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
		freeSlot();
	}

	private Instant later() {
		// Spread the retries of a busy tenant so that they do not all come back in one
		// pass.
		long busyMillis = this.properties.busyDelay().toMillis();
		long jitter = ThreadLocalRandom.current().nextLong(busyMillis / 2 + 1);
		return Instant.now().plusMillis(busyMillis + jitter);
	}

	/**
	 * A delivery in the wait list; its sink is completed exactly once, by whoever removes
	 * it.
	 */
	private static final class Waiter {

		private final MonoSink<Boolean> sink;

		private volatile Disposable timeout;

		Waiter(MonoSink<Boolean> sink) {
			this.sink = sink;
		}

	}

	static final class TransientFailure extends RuntimeException {

		TransientFailure(CallOutcome call) {
			super(call.errorCode() + " " + call.httpStatus(), null, false, false);
		}

	}

}
