/**
 * The ConnectWise reads the callback intake needs (signing key, ticket, first
 * description) and ConnectWise's ticket JSON; its formats stay in this package.
 */
package com.psabridge.webhook.connectwise;
