package com.psabridge.core.connectwise;

import java.util.List;

/**
 * Callback entries registered on a ConnectWise site.
 *
 * @param outcome how reading them ended
 * @param entries the entries found (none when the read failed)
 */
public record CallbackListing(CallOutcome outcome, List<Entry> entries) {

	/**
	 * One callback entry.
	 *
	 * @param id the entry's id ({@code CallbackObjectRecId} in its deliveries)
	 * @param url where ConnectWise sends the callbacks
	 * @param level the entry's level ({@code owner} for all tickets)
	 * @param inactive whether ConnectWise has switched it off
	 */
	public record Entry(long id, String url, String level, boolean inactive) {

	}

}
