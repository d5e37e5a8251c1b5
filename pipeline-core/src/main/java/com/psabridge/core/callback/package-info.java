/**
 * Per-tenant callback tokens: the secret in the URL ConnectWise posts a tenant's
 * callbacks to, issued and rotated by the gateway and checked by webhook-receiver.
 */
package com.psabridge.core.callback;
