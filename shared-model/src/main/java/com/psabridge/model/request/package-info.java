/**
 * What a product service asks PSA Bridge to write to ConnectWise, as accepted by the
 * gateway and stored in {@code psa_request.payload}.
 */
package com.psabridge.model.request;
