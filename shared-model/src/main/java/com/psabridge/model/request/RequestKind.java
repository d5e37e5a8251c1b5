package com.psabridge.model.request;

/**
 * The kinds of write PSA Bridge delivers; stored in {@code psa_request.kind} and carried
 * in the {@code kind} message header.
 */
public enum RequestKind {

	TICKET_NOTE, TIME_ENTRY

}
