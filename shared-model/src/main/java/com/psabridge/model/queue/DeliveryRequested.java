package com.psabridge.model.queue;

import java.util.UUID;

import com.psabridge.model.request.RequestKind;

/**
 * Published when a request is ready for delivery: newly accepted, or due again after a
 * retry or a replay. The row in {@code psa_request} is the truth; this message only says
 * "look at it now", so a duplicate is harmless.
 *
 * @param requestId the request's id
 * @param tenantId the tenant it belongs to
 * @param kind what it writes
 */
public record DeliveryRequested(UUID requestId, String tenantId, RequestKind kind) {

}
