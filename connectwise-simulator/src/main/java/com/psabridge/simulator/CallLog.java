package com.psabridge.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The most recent calls, bounded so a long benchmark cannot exhaust the heap.
 */
final class CallLog {

	static final int CAPACITY = 100_000;

	private final Deque<RecordedCall> calls = new ArrayDeque<>();

	synchronized void add(RecordedCall call) {
		if (this.calls.size() == CAPACITY) {
			this.calls.removeFirst();
		}
		this.calls.addLast(call);
	}

	synchronized List<RecordedCall> all() {
		return List.copyOf(this.calls);
	}

	synchronized List<RecordedCall> last(int limit) {
		List<RecordedCall> all = new ArrayList<>(this.calls);
		return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
	}

	synchronized void clear() {
		this.calls.clear();
	}

}
