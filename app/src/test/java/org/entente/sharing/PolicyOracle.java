package org.entente.sharing;

import java.util.Arrays;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.Permission;
import org.entente.community.Tier;
import org.entente.stix.Tlp;

/**
 * The sharing rules restated independently of SharingPolicy, in the plainest form, as the test
 * oracle: written from docs/SHARING_POLICY.md, not from the implementation.
 */
final class PolicyOracle {

    private PolicyOracle() {
    }

    static boolean mayRead(Caller c, LabelRow l, Map<Tier, Tlp> ceilings) {
        if (!c.permissions().contains(Permission.INTEL_READ)) {
            return false;
        }
        if (l.ownerOrg() == c.organisation().value()) {
            return true;
        }
        boolean inAudience = switch (l.audience()) {
            case "own-organisation" -> false;
            case "own-participant" -> l.ownerParticipant() == c.participant().value();
            case "task-force" -> c.taskForces().stream().anyMatch(t -> t.value() == l.audienceTaskForce());
            case "all-members" -> c.tier() == Tier.MEMBER;
            case "members-and-observers" -> c.tier() == Tier.MEMBER || c.tier() == Tier.OBSERVER;
            case "whole-community" -> true;
            case "named" -> Arrays.stream(l.audienceParticipants()).anyMatch(p -> p == c.participant().value())
                    || Arrays.stream(l.audienceOrgs()).anyMatch(o -> o == c.organisation().value());
            default -> throw new IllegalArgumentException(l.audience());
        };
        boolean redOnlyToNamed = l.tlp() != Tlp.RED.ordinal() || l.audience().equals("named");
        boolean underCeiling = l.tlp() <= ceilings.get(c.tier()).ordinal();
        return inAudience && redOnlyToNamed && underCeiling;
    }
}
