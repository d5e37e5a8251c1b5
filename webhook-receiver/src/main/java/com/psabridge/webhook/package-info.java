/**
 * webhook-receiver: the ConnectWise callback intake and the ticket events it emits.
 */
package com.psabridge.webhook;
