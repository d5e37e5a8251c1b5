package com.psabridge.gateway.request;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How accepted requests are written (group commit, see {@link GroupCommit}).
 *
 * @param maxBatch most requests one insert statement (and transaction) stores
 * @param statements most insert statements running at once; requests arriving while all
 * run wait for the first to end and go together in the next
 */
@Validated
@ConfigurationProperties("psa.ingest")
record IngestProperties(@Min(1) @Max(1000) @DefaultValue("64") int maxBatch,
		@Min(1) @Max(100) @DefaultValue("1") int statements) {

}
