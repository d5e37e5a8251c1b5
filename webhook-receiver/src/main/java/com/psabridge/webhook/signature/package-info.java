/**
 * Verifying ConnectWise's {@code x-content-signature}: the algorithm, which
 * {@code key_url}s may be fetched, and the cache of signing keys.
 */
package com.psabridge.webhook.signature;
