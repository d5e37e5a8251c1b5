package com.psabridge.model.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A ConnectWise reference (board, status, company, member...) as the event carries it.
 *
 * @param id the ConnectWise record id
 * @param identifier the short identifier, for the references that have one (company,
 * owner); otherwise omitted
 * @param name the display name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TicketReference(Long id, String identifier, String name) {

}
