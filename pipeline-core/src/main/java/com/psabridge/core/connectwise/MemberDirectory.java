package com.psabridge.core.connectwise;

import java.util.List;

/**
 * The active members of a ConnectWise site.
 *
 * @param outcome how reading them ended; when it did not succeed, {@code members} holds
 * only the pages read before
 * @param members the active members of every page read
 */
public record MemberDirectory(CallOutcome outcome, List<ActiveMember> members) {

}
