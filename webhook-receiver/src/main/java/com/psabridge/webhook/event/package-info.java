/**
 * Ticket events: deciding from a ticket callback and the last state seen what to emit,
 * and publishing it on {@code psa.ticket-events} (inline, or later by the relay).
 */
package com.psabridge.webhook.event;
