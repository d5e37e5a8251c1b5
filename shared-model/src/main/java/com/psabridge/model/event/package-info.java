/**
 * The ticket event contract (contract §5): what webhook-receiver publishes on
 * {@code psa.ticket-events} when ConnectWise reports a ticket added, updated or deleted.
 */
package com.psabridge.model.event;
