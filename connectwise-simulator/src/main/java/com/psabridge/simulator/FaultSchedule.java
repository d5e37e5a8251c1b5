package com.psabridge.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The injected faults not yet used up, in injection order.
 */
final class FaultSchedule {

	private static final class Armed {

		private final Fault fault;

		private final Pattern path;

		private int remaining;

		Armed(Fault fault) {
			this.fault = fault;
			this.path = Pattern.compile(fault.pathRegex());
			this.remaining = fault.times();
		}

		boolean matches(String method, String path) {
			return (this.fault.method() == null || this.fault.method().equalsIgnoreCase(method))
					&& this.path.matcher(path).matches();
		}

	}

	private final List<Armed> armed = new ArrayList<>();

	synchronized void add(Fault fault) {
		this.armed.add(new Armed(fault));
	}

	/**
	 * Uses up one application of the first fault that matches.
	 */
	synchronized Optional<Fault> take(String method, String path) {
		for (Iterator<Armed> iterator = this.armed.iterator(); iterator.hasNext();) {
			Armed candidate = iterator.next();
			if (candidate.matches(method, path)) {
				if (--candidate.remaining == 0) {
					iterator.remove();
				}
				return Optional.of(candidate.fault);
			}
		}
		return Optional.empty();
	}

	synchronized List<ObjectNode> pending() {
		List<ObjectNode> pending = new ArrayList<>();
		for (Armed candidate : this.armed) {
			pending.add(candidate.fault.toJson().put("remaining", candidate.remaining));
		}
		return pending;
	}

	synchronized void clear() {
		this.armed.clear();
	}

}
