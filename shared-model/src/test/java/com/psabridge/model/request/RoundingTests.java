package com.psabridge.model.request;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoundingTests {

	private static final Instant START = Instant.parse("2026-11-22T14:00:00Z");

	@Test
	void quarterHourRoundsThirtySevenMinutesUpToFortyFive() {
		assertThat(Rounding.QUARTER_HOUR.roundedEnd(START, START.plusSeconds(37 * 60)))
			.isEqualTo(Instant.parse("2026-11-22T14:45:00Z"));
	}

	@Test
	void halfHourRoundsThirtySevenMinutesUpToSixty() {
		assertThat(Rounding.HALF_HOUR.roundedEnd(START, START.plusSeconds(37 * 60)))
			.isEqualTo(Instant.parse("2026-11-22T15:00:00Z"));
	}

	@Test
	void roundingKeepsAWholeNumberOfUnits() {
		assertThat(Rounding.QUARTER_HOUR.roundedEnd(START, START.plusSeconds(30 * 60)))
			.isEqualTo(Instant.parse("2026-11-22T14:30:00Z"));
	}

	@Test
	void oneSecondOverAUnitRoundsUpToTheNext() {
		assertThat(Rounding.QUARTER_HOUR.roundedEnd(START, START.plusSeconds(15 * 60 + 1)))
			.isEqualTo(Instant.parse("2026-11-22T14:30:00Z"));
	}

	@Test
	void roundingCountsFromTimeStartNotFromTheClock() {
		Instant start = Instant.parse("2026-11-22T14:07:00Z");
		assertThat(Rounding.QUARTER_HOUR.roundedEnd(start, Instant.parse("2026-11-22T14:10:00Z")))
			.isEqualTo(Instant.parse("2026-11-22T14:22:00Z"));
	}

	@Test
	void exactKeepsTheEnd() {
		Instant end = START.plusSeconds(37 * 60 + 13);
		assertThat(Rounding.EXACT.roundedEnd(START, end)).isEqualTo(end);
	}

}
