/**
 * What the gateway's and the webhook-receiver's HTTP APIs share: the bound on requests
 * taken at once.
 */
package com.psabridge.core.web;
