package com.psabridge.gateway.request;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.psabridge.core.batch.Batcher;
import com.psabridge.core.batch.Batcher.Waiter;
import com.psabridge.gateway.problem.Problems;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Stores accepted requests with group commit ({@link Batcher}): requests that arrive
 * while {@link IngestProperties#statements()} insert statements are running wait, and the
 * next statement stores them together (up to {@link IngestProperties#maxBatch()}) in one
 * transaction. A lone request is stored at once; under load the gateway and PostgreSQL
 * pay for one statement, pool checkout and commit per batch instead of per request.
 * <p>
 * Each caller hears of its request only after the batch's commit. A batch that fails
 * because PostgreSQL is unreachable or overloaded fails every caller (a 503); any other
 * failure of a batch is retried request by request, so one request PostgreSQL refuses
 * never fails the others that happened to share its statement.
 */
@Component
class GroupCommit {

	private final RequestStore store;

	private final Batcher<RequestStore.NewRequest, UUID> batcher;

	private final AtomicLong retries = new AtomicLong();

	GroupCommit(RequestStore store, IngestProperties properties) {
		this.store = store;
		this.batcher = new Batcher<>(properties.statements(), properties.maxBatch(), this::insert);
	}

	/**
	 * Stores the request; its id once committed, empty when the tenant already used its
	 * idempotency key.
	 */
	Mono<UUID> insert(RequestStore.NewRequest request) {
		// A caller that goes away may still find its row stored, as with any answer lost
		// on the way.
		return this.batcher.submit(request);
	}

	private Mono<Runnable> insert(List<Waiter<RequestStore.NewRequest, UUID>> batch) {
		return this.store.insert(batch.stream().map(Waiter::item).toList())
			.<Runnable>map((stored) -> () -> batch.forEach((waiter) -> answer(waiter, stored)))
			.onErrorResume((ex) -> (batch.size() > 1 && !Problems.isDatabaseUnavailable(ex)),
					(ex) -> Mono.just(() -> batch.forEach(this::insertAlone)));
	}

	/**
	 * Nothing of the failed batch was committed: each on its own finds its own answer.
	 */
	private void insertAlone(Waiter<RequestStore.NewRequest, UUID> waiter) {
		this.retries.incrementAndGet();
		Mono.defer(() -> this.store.insert(List.of(waiter.item())))
			.subscribe((stored) -> answer(waiter, stored), waiter.sink()::error);
	}

	private static void answer(Waiter<RequestStore.NewRequest, UUID> waiter, Set<UUID> stored) {
		UUID id = waiter.item().id();
		if (stored.contains(id)) {
			waiter.sink().success(id);
		}
		else {
			waiter.sink().success();
		}
	}

	/** How many insert statements ran (for tests). */
	long statements() {
		return this.batcher.batches() + this.retries.get();
	}

}
