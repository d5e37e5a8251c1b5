package com.psabridge.worker.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.psabridge.core.connectwise.CallOutcome;
import com.psabridge.core.connectwise.CallOutcome.Result;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant's wait list: deliveries beyond the concurrency limit wait in memory, take
 * freed slots in arrival order, and are put off beyond the list's length or wait.
 */
class SiteGuardTests {

	private static final CallOutcome SUCCEEDED = new CallOutcome(Result.SUCCEEDED, 200, null, null, null, null, false,
			null, Duration.ofMillis(5), null);

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	private final Bulkhead concurrency = Bulkhead.of("t",
			BulkheadConfig.custom().maxConcurrentCalls(2).maxWaitDuration(Duration.ZERO).build());

	private final CircuitBreaker breaker = CircuitBreaker.of("t", CircuitBreakerConfig.ofDefaults());

	private final SiteGuard guard = new SiteGuard(this.breaker, this.concurrency,
			RateLimiter.of("t",
					RateLimiterConfig.custom()
						.limitForPeriod(1000)
						.limitRefreshPeriod(Duration.ofSeconds(1))
						.timeoutDuration(Duration.ZERO)
						.build()),
			new SiteProtectionProperties(2, Duration.ofSeconds(10), Duration.ofSeconds(2), 5), this.clock);

	@Test
	void deliveriesBeyondTheLimitWaitAndTakeFreedSlotsInArrivalOrder() {
		List<Admission> first = admitNow(2);
		AtomicReference<Admission> third = new AtomicReference<>();
		AtomicReference<Admission> fourth = new AtomicReference<>();
		this.guard.admit().subscribe(third::set);
		this.guard.admit().subscribe(fourth::set);

		assertThat(first).allMatch(Admission::admitted);
		assertThat(third.get()).isNull();
		assertThat(fourth.get()).isNull();

		this.guard.release(SUCCEEDED);
		assertThat(third.get().admitted()).isTrue();
		assertThat(fourth.get()).isNull();
		assertThat(this.concurrency.getMetrics().getAvailableConcurrentCalls()).isZero();

		this.guard.release(SUCCEEDED);
		assertThat(fourth.get().admitted()).isTrue();
	}

	@Test
	void aFullWaitListPutsTheDeliveryOffAtOnce() {
		admitNow(2);
		this.guard.admit().subscribe();
		this.guard.admit().subscribe();

		Admission fifth = this.guard.admit().block(Duration.ofSeconds(1));

		assertThat(fifth.admitted()).isFalse();
		assertThat(fifth.reason()).isEqualTo("CONCURRENCY_LIMIT");
	}

	@Test
	void aDeliveryThatWaitsLongerThanTheSlotWaitIsPutOff() {
		admitNow(2);
		AtomicReference<Admission> waiting = new AtomicReference<>();
		this.guard.admit().subscribe(waiting::set);

		this.clock.advanceTimeBy(Duration.ofSeconds(9));
		assertThat(waiting.get()).isNull();
		this.clock.advanceTimeBy(Duration.ofSeconds(1));

		assertThat(waiting.get().admitted()).isFalse();
		assertThat(waiting.get().reason()).isEqualTo("CONCURRENCY_LIMIT");
		// The slot that frees later goes back to the bulkhead, not to the gone waiter.
		this.guard.release(SUCCEEDED);
		assertThat(this.concurrency.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
	}

	@Test
	void aCancelledWaiterLeavesTheListAndHoldsNoSlot() {
		admitNow(2);
		Disposable waiter = this.guard.admit().subscribe();
		waiter.dispose();

		this.guard.release(SUCCEEDED);
		this.guard.release(SUCCEEDED);

		assertThat(this.concurrency.getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
		assertThat(admitNow(2)).allMatch(Admission::admitted);
	}

	@Test
	void anOpenCircuitPutsOffWithoutTakingASlot() {
		this.breaker.transitionToOpenState();

		Admission admission = this.guard.admit().block(Duration.ofSeconds(1));

		assertThat(admission.admitted()).isFalse();
		assertThat(admission.reason()).isEqualTo("CIRCUIT_OPEN");
		assertThat(this.concurrency.getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
	}

	private List<Admission> admitNow(int count) {
		List<Admission> admissions = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			admissions.add(this.guard.admit().block(Duration.ofSeconds(1)));
		}
		return admissions;
	}

}
