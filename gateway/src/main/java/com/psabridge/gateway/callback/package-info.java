/**
 * Registering a tenant's ticket callback in ConnectWise, pointing at the
 * webhook-receiver.
 */
package com.psabridge.gateway.callback;
