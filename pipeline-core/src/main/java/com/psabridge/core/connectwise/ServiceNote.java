package com.psabridge.core.connectwise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.psabridge.core.tenant.MemberMapping;
import com.psabridge.model.request.NoteType;
import com.psabridge.model.request.NoteVisibility;
import com.psabridge.model.request.TicketNote;

/**
 * ConnectWise's {@code ServiceNote} as PSA Bridge posts it to
 * {@code /service/tickets/{id}/notes}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ServiceNote(String text, boolean detailDescriptionFlag, boolean internalAnalysisFlag, boolean resolutionFlag,
		boolean internalFlag, boolean externalFlag, MemberReference member, boolean processNotifications) {

	/**
	 * The note for a request. Without a member ConnectWise attributes the note to the API
	 * member.
	 */
	static ServiceNote of(TicketNote note, MemberMapping author) {
		return new ServiceNote(note.text(), note.noteType() == NoteType.DESCRIPTION,
				note.noteType() == NoteType.INTERNAL_ANALYSIS, note.noteType() == NoteType.RESOLUTION, true,
				note.visibility() == NoteVisibility.INTERNAL_AND_EXTERNAL, MemberReference.of(author), false);
	}

}
