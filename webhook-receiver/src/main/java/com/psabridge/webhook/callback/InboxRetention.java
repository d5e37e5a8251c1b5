package com.psabridge.webhook.callback;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes callbacks older than the retention from the inbox, in small batches; never one
 * whose event is still waiting to be published.
 */
@Component
class InboxRetention {

	private static final Logger logger = LoggerFactory.getLogger(InboxRetention.class);

	private final DatabaseClient db;

	private final CallbackProperties properties;

	InboxRetention(DatabaseClient db, CallbackProperties properties) {
		this.db = db;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
	void sweep() {
		try {
			long removed;
			do {
				removed = this.db.sql("""
						delete from psa_callback_inbox where id in (
						    select id from psa_callback_inbox
						    where received_at < now() - make_interval(secs => :seconds)
						      and (event is null or published_at is not null)
						    order by received_at limit 5000)""")
					.bind("seconds", (double) this.properties.inboxRetention().toSeconds())
					.fetch()
					.rowsUpdated()
					.block(Duration.ofMinutes(1));
				if (removed > 0) {
					logger.info("Removed {} callbacks older than {} from the inbox", removed,
							this.properties.inboxRetention());
				}
			}
			while (removed >= 5000);
		}
		catch (RuntimeException ex) {
			logger.warn("Inbox retention sweep failed: {}", ex.toString());
		}
	}

}
