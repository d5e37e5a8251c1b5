package com.psabridge.core.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link Batcher}: what waits, what goes together, and what every caller hears. The work
 * here is held open by the test, so that what arrives meanwhile is seen waiting.
 */
class BatcherTests {

	/** The batches started, each held until the test releases it. */
	private final List<Held> started = new CopyOnWriteArrayList<>();

	private final Batcher<Integer, String> batcher = new Batcher<>(1, 3, (batch) -> {
		Held held = new Held(batch.stream().map(Batcher.Waiter::item).toList(), Sinks.one());
		this.started.add(held);
		return held.release()
			.asMono()
			.map((suffix) -> () -> batch.forEach((waiter) -> waiter.sink().success(waiter.item() + suffix)));
	});

	@Test
	void aLoneItemStartsItsBatchAtOnce() {
		CompletableFuture<String> answer = this.batcher.submit(1).toFuture();
		assertThat(this.started).extracting(Held::items).containsExactly(List.of(1));
		this.started.get(0).release().tryEmitValue("!");
		assertThat(answer).succeedsWithin(Duration.ofSeconds(1)).isEqualTo("1!");
	}

	@Test
	void itemsArrivingWhileTheSlotIsTakenGoTogetherUpToTheMaximum() {
		List<CompletableFuture<String>> answers = new ArrayList<>();
		for (int i = 1; i <= 6; i++) {
			answers.add(this.batcher.submit(i).toFuture());
		}
		assertThat(this.started).extracting(Held::items).containsExactly(List.of(1));
		this.started.get(0).release().tryEmitValue("a");
		assertThat(this.started).extracting(Held::items).containsExactly(List.of(1), List.of(2, 3, 4));
		this.started.get(1).release().tryEmitValue("b");
		assertThat(this.started).extracting(Held::items).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6));
		this.started.get(2).release().tryEmitValue("c");
		assertThat(answers).extracting(CompletableFuture::join).containsExactly("1a", "2b", "3b", "4b", "5c", "6c");
		assertThat(this.batcher.batches()).isEqualTo(3);
	}

	@Test
	void theNextBatchStartsBeforeTheCallersOfTheLastAreAnswered() {
		CompletableFuture<String> first = this.batcher.submit(1).toFuture();
		this.batcher.submit(2).subscribe();
		List<Integer> startedWhenAnswered = new ArrayList<>();
		first.thenRun(() -> startedWhenAnswered.add(this.started.size()));
		this.started.get(0).release().tryEmitValue("!");
		assertThat(startedWhenAnswered).containsExactly(2);
	}

	@Test
	void workThatFailsFailsEveryItemOfItsBatchAndFreesTheSlot() {
		CompletableFuture<String> first = this.batcher.submit(1).toFuture();
		CompletableFuture<String> second = this.batcher.submit(2).toFuture();
		CompletableFuture<String> third = this.batcher.submit(3).toFuture();
		this.started.get(0).release().tryEmitValue("!");
		this.started.get(1).release().tryEmitError(new IllegalStateException("statement failed"));
		assertThat(first).isCompletedWithValue("1!");
		assertThat(second).isCompletedExceptionally();
		assertThat(third).isCompletedExceptionally();
		CompletableFuture<String> later = this.batcher.submit(4).toFuture();
		this.started.get(2).release().tryEmitValue("?");
		assertThat(later).isCompletedWithValue("4?");
	}

	@Test
	void workThatThrowsWhileBeingBuiltFailsItsItemsAndFreesTheSlot() {
		Batcher<Integer, String> throwing = new Batcher<>(1, 10, (batch) -> {
			if (batch.get(0).item() == 1) {
				throw new IllegalStateException("could not bind");
			}
			return Mono.just(() -> batch.forEach((waiter) -> waiter.sink().success("ok")));
		});
		assertThat(throwing.submit(1).toFuture()).isCompletedExceptionally();
		assertThat(throwing.submit(2).toFuture()).isCompletedWithValue("ok");
	}

	@Test
	void workThatAnswersNothingFailsItsItemsRatherThanLeavingThemWaiting() {
		Batcher<Integer, String> silent = new Batcher<>(1, 10, (batch) -> Mono.empty());
		assertThat(silent.submit(1).toFuture()).isCompletedExceptionally();
	}

	@Test
	void answersThatThrowFailTheCallersNotYetAnsweredAndFreeTheSlotOnce() {
		List<Integer> running = new CopyOnWriteArrayList<>();
		Sinks.One<String> release = Sinks.one();
		AtomicBoolean hold = new AtomicBoolean();
		Batcher<Integer, String> throwing = new Batcher<>(1, 10, (batch) -> {
			running.add(batch.size());
			if (hold.get()) {
				return Mono.never();
			}
			return release.asMono().map((value) -> () -> {
				batch.get(0).sink().success(value);
				throw new IllegalStateException("a caller's continuation threw");
			});
		});
		CompletableFuture<String> first = throwing.submit(1).toFuture();
		CompletableFuture<String> second = throwing.submit(2).toFuture();
		CompletableFuture<String> third = throwing.submit(3).toFuture();
		release.tryEmitValue("ok");
		assertThat(first).isCompletedWithValue("ok");
		// The batch of 2 and 3 started when the first freed the slot, and its
		// answers throw the same way: 2 is answered, 3 fails.
		assertThat(second).isCompletedWithValue("ok");
		assertThat(third).isCompletedExceptionally();
		// Freed once per batch: of the next two, with one slot, only the first starts.
		hold.set(true);
		throwing.submit(4).subscribe();
		throwing.submit(5).subscribe();
		assertThat(running).containsExactly(1, 2, 1);
	}

	@Test
	void moreSlotsRunMoreBatchesAtOnce() {
		List<Integer> running = new CopyOnWriteArrayList<>();
		Batcher<Integer, String> twoSlots = new Batcher<>(2, 10, (batch) -> {
			running.add(batch.get(0).item());
			return Mono.never();
		});
		twoSlots.submit(1).subscribe();
		twoSlots.submit(2).subscribe();
		twoSlots.submit(3).subscribe();
		assertThat(running).containsExactly(1, 2);
	}

	@Test
	void refusesNoSlotsOrEmptyBatches() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Batcher<Integer, String>(0, 1, (batch) -> null));
		assertThatIllegalArgumentException().isThrownBy(() -> new Batcher<Integer, String>(1, 0, (batch) -> null));
	}

	private record Held(List<Integer> items, Sinks.One<String> release) {

	}

}
