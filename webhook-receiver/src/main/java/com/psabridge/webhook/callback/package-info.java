/**
 * The ConnectWise callback intake: {@code POST
 * /v1/callbacks/connectwise/{tenantId}/{token}}, the envelope, de-duplication in
 * {@code psa_callback_inbox}, and its problem answers.
 */
package com.psabridge.webhook.callback;
