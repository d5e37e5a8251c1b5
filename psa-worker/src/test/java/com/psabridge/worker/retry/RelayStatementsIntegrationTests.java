package com.psabridge.worker.retry;

import java.util.List;

import com.psabridge.worker.WorkerIntegrationTests;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay runs every second on every worker, against a table that keeps every request
 * ever accepted: its statements must find their rows through an index, never by reading
 * the table. Asked of the planner with sequential scans priced out, so the answer does
 * not depend on how few rows the test database holds.
 */
class RelayStatementsIntegrationTests extends WorkerIntegrationTests {

	@Autowired
	private TransactionalOperator transactions;

	@Test
	void unpublishedRowsAreFoundThroughTheQueuedRowsIndex() {
		String plan = plan(RequestRelay.UNPUBLISHED);
		assertThat(plan).contains("psa_request_queued_idx").doesNotContain("Seq Scan");
	}

	private String plan(String statement) {
		List<String> lines = this.db.sql("set local enable_seqscan = off")
			.then()
			.thenMany(this.db.sql("explain " + statement)
				.bind("grace", 5.0)
				.bind("republishAfter", 900.0)
				.bind("batch", 500)
				.map((row) -> row.get(0, String.class))
				.all())
			.as(this.transactions::transactional)
			.collectList()
			.block();
		return String.join("\n", lines);
	}

}
