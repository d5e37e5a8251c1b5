package com.psabridge.model.request;

/**
 * Which of ConnectWise's three note sections a ticket note goes to; exactly one of
 * {@code detailDescriptionFlag}, {@code internalAnalysisFlag} and {@code resolutionFlag}
 * is set.
 */
public enum NoteType {

	DESCRIPTION, INTERNAL_ANALYSIS, RESOLUTION

}
