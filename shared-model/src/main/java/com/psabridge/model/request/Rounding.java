package com.psabridge.model.request;

import java.time.Duration;
import java.time.Instant;

/**
 * How a time entry's duration is rounded before it is sent to ConnectWise: up to the next
 * quarter or half hour counted from {@code timeStart}, or kept as it is.
 */
public enum Rounding {

	QUARTER_HOUR(Duration.ofMinutes(15)), HALF_HOUR(Duration.ofMinutes(30)), EXACT(null);

	private final Duration unit;

	Rounding(Duration unit) {
		this.unit = unit;
	}

	/**
	 * The end of the billed period: {@code timeEnd} moved later until the duration is a
	 * whole number of units (a duration that already is one stays as it is).
	 */
	public Instant roundedEnd(Instant timeStart, Instant timeEnd) {
		if (this.unit == null) {
			return timeEnd;
		}
		long workedNanos = Duration.between(timeStart, timeEnd).toNanos();
		long unitNanos = this.unit.toNanos();
		long units = (workedNanos + unitNanos - 1) / unitNanos;
		return timeStart.plus(this.unit.multipliedBy(units));
	}

}
