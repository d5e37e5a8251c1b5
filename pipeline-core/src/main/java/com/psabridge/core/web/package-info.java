/**
 * What the gateway's and the webhook-receiver's HTTP APIs share: the bound on requests
 * taken at once, and problems written from web filters.
 */
package com.psabridge.core.web;
