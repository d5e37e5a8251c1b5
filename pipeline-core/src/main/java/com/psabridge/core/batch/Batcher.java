package com.psabridge.core.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Runs a piece of work for the items that arrived together: items submitted while
 * {@code slots} batches are running wait, and the next batch takes them all (up to
 * {@code maxBatch}). An item that finds a slot free starts a batch of its own at once, so
 * a lone item is never delayed; under load the cost of the work is paid per batch, not
 * per item.
 * <p>
 * The work answers its items: it completes, once the batch is done, with what answers
 * them, and that runs after the next batch has started, so that the waiting items do not
 * wait for the callers' continuations too. Work that errors fails every item of its batch
 * with that error. A caller that goes away does not take the batch (nor its neighbours)
 * with it.
 *
 * @param <T> what is submitted
 * @param <R> what each caller is answered
 */
public final class Batcher<T, R> {

	private final int slots;

	private final int maxBatch;

	private final Function<List<Waiter<T, R>>, Mono<Runnable>> work;

	private final Queue<Waiter<T, R>> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicLong batches = new AtomicLong();

	/**
	 * @param slots most batches running at once
	 * @param maxBatch most items in one batch
	 * @param work does a batch's work and completes with what answers its waiters
	 */
	public Batcher(int slots, int maxBatch, Function<List<Waiter<T, R>>, Mono<Runnable>> work) {
		if (slots < 1 || maxBatch < 1) {
			throw new IllegalArgumentException("slots and maxBatch must be at least 1");
		}
		this.slots = slots;
		this.maxBatch = maxBatch;
		this.work = work;
	}

	/** Answers what the batch that takes this item answers it. */
	public Mono<R> submit(T item) {
		return Mono.create((sink) -> {
			this.waiting.add(new Waiter<>(item, sink));
			drain();
		});
	}

	/** How many batches were started. */
	public long batches() {
		return this.batches.get();
	}

	/** Starts batches for the waiting items while slots are free. */
	private void drain() {
		while (!this.waiting.isEmpty()) {
			int now = this.running.get();
			if (now >= this.slots) {
				return;
			}
			if (!this.running.compareAndSet(now, now + 1)) {
				continue;
			}
			List<Waiter<T, R>> batch = new ArrayList<>();
			Waiter<T, R> next;
			while (batch.size() < this.maxBatch && (next = this.waiting.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				this.running.decrementAndGet();
				continue;
			}
			this.batches.incrementAndGet();
			// Deferred, so that even a throw while building the work ends as a
			// failure that frees the slot: a slot lost would stall every later item.
			Mono.defer(() -> this.work.apply(batch))
				.switchIfEmpty(Mono.error(() -> new IllegalStateException("A batch's work answered nothing")))
				.subscribe((answers) -> done(batch, answers), (ex) -> done(batch, () -> fail(batch, ex)));
		}
	}

	/**
	 * Frees the slot, starts the next batch, then answers. Never throws: a throw here
	 * would reach the subscriber's error path and free the slot a second time.
	 */
	private void done(List<Waiter<T, R>> batch, Runnable answers) {
		this.running.decrementAndGet();
		drain();
		try {
			answers.run();
		}
		catch (RuntimeException ex) {
			// The callers answered before the throw keep their answer.
			fail(batch, ex);
		}
	}

	private static <T, R> void fail(List<Waiter<T, R>> batch, Throwable ex) {
		batch.forEach((waiter) -> waiter.sink().error(ex));
	}

	/**
	 * An item and the caller waiting for it.
	 *
	 * @param <T> what was submitted
	 * @param <R> what the caller is answered
	 * @param item what was submitted
	 * @param sink answers the caller: at most one answer counts
	 */
	public record Waiter<T, R>(T item, MonoSink<R> sink) {

	}

}
