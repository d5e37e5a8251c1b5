/**
 * API keys: issuing and revoking them, and authenticating and authorizing every
 * {@code /v1} call by role and tenant.
 */
package com.psabridge.gateway.apikey;
