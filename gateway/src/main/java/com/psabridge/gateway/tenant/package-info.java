/**
 * Tenant administration: the ConnectWise connection (tested before it is stored) and
 * member mappings.
 */
package com.psabridge.gateway.tenant;
