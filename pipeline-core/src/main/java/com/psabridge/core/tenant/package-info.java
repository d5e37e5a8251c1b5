/**
 * Tenants' ConnectWise connections and member mappings, as stored; secrets are decrypted
 * only here.
 */
package com.psabridge.core.tenant;
