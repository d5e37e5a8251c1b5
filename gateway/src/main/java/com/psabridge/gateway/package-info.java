/**
 * The gateway's HTTP API: enqueue, read, API keys and tenant administration.
 */
package com.psabridge.gateway;
