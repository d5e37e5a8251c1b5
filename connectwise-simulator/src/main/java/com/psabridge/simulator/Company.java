package com.psabridge.simulator;

/**
 * A ConnectWise login company with the API key pair accepted for it.
 */
record Company(String companyId, String publicKey, String privateKey) {

}
