package org.entente.intel;

import java.util.Set;

import org.entente.community.Ids.OrganisationId;
import org.entente.sharing.SharingLabel;

/**
 * Intelligence was released beyond what it reached before: by an import whose audience leaves the
 * owner's organisation, or by widening an object's audience. The audit log records it.
 */
public record IntelReleased(String actor, String subject, SharingLabel label, Set<OrganisationId> recipients) {
}
