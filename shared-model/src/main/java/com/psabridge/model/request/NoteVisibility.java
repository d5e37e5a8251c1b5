package com.psabridge.model.request;

/**
 * Who may see a ticket note: {@code INTERNAL} sets ConnectWise's {@code internalFlag}
 * only, {@code INTERNAL_AND_EXTERNAL} sets {@code internalFlag} and {@code externalFlag}.
 */
public enum NoteVisibility {

	INTERNAL, INTERNAL_AND_EXTERNAL

}
