/**
 * Encryption at rest of tenants' ConnectWise private keys (AES-256-GCM, rotatable keys).
 */
package com.psabridge.core.credentials;
