/**
 * A stateful ConnectWise PSA REST simulator on WireMock, with fault injection, for tests
 * and local runs only.
 */
package com.psabridge.simulator;
