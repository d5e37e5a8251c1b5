package com.psabridge.gateway.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.psabridge.gateway.problem.Problems;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.stereotype.Component;

/**
 * Stores accepted requests with group commit: requests that arrive while
 * {@link IngestProperties#statements()} insert statements are running wait, and the next
 * statement stores them together (up to {@link IngestProperties#maxBatch()}) in one
 * transaction. A request that finds a statement slot free is stored at once, so a lone
 * request is never delayed; under load the gateway and PostgreSQL pay for one statement,
 * pool checkout and commit per batch instead of per request.
 * <p>
 * Each caller hears of its request only after the batch's commit. A batch that fails
 * because PostgreSQL is unreachable or overloaded fails every caller (a 503); any other
 * failure of a batch is retried request by request, so one request PostgreSQL refuses
 * never fails the others that happened to share its statement.
 */
@Component
class GroupCommit {

	private final RequestStore store;

	private final IngestProperties properties;

	private final Queue<Waiter> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicLong statements = new AtomicLong();

	GroupCommit(RequestStore store, IngestProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	/**
	 * Stores the request; its id once committed, empty when the tenant already used its
	 * idempotency key.
	 */
	Mono<UUID> insert(RequestStore.NewRequest request) {
		// A caller that goes away does not take the statement (nor its neighbours) with
		// it: the row may still be stored, as with any answer lost on the way.
		return Mono.create((sink) -> {
			this.waiting.add(new Waiter(request, sink));
			drain();
		});
	}

	/**
	 * Starts statements for the waiting requests while slots are free; a statement that
	 * ends starts the next.
	 */
	private void drain() {
		while (!this.waiting.isEmpty()) {
			int now = this.running.get();
			if (now >= this.properties.statements()) {
				return;
			}
			if (!this.running.compareAndSet(now, now + 1)) {
				continue;
			}
			List<Waiter> batch = new ArrayList<>();
			Waiter next;
			while (batch.size() < this.properties.maxBatch() && (next = this.waiting.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				this.running.decrementAndGet();
				continue;
			}
			this.statements.incrementAndGet();
			// Deferred, so that even a throw while binding ends as a failure that frees
			// the
			// slot: a slot lost would stall every later request.
			Mono.defer(() -> this.store.insert(batch.stream().map(Waiter::request).toList()))
				.subscribe((stored) -> stored(batch, stored), (ex) -> failed(batch, ex));
		}
	}

	private void stored(List<Waiter> batch, Set<UUID> stored) {
		// The next batch first, so that it does not wait for these callers' work.
		this.running.decrementAndGet();
		drain();
		batch.forEach((waiter) -> answer(waiter, stored));
	}

	private void failed(List<Waiter> batch, Throwable ex) {
		this.running.decrementAndGet();
		drain();
		if (batch.size() == 1 || Problems.isDatabaseUnavailable(ex)) {
			batch.forEach((waiter) -> waiter.sink().error(ex));
			return;
		}
		// Nothing of the batch was committed: each on its own finds its own answer.
		for (Waiter waiter : batch) {
			this.statements.incrementAndGet();
			Mono.defer(() -> this.store.insert(List.of(waiter.request())))
				.subscribe((stored) -> answer(waiter, stored), waiter.sink()::error);
		}
	}

	private static void answer(Waiter waiter, Set<UUID> stored) {
		UUID id = waiter.request().id();
		if (stored.contains(id)) {
			waiter.sink().success(id);
		}
		else {
			waiter.sink().success();
		}
	}

	/** How many insert statements ran (for tests). */
	long statements() {
		return this.statements.get();
	}

	private record Waiter(RequestStore.NewRequest request, MonoSink<UUID> sink) {

	}

}
