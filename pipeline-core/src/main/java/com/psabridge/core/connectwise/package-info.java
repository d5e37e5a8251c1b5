/**
 * ConnectWise PSA's REST API as PSA Bridge uses it. ConnectWise's own JSON shapes stay in
 * this package; callers see {@link com.psabridge.core.connectwise.CallOutcome}s.
 */
package com.psabridge.core.connectwise;
