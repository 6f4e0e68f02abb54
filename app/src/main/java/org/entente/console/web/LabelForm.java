package org.entente.console.web;

import java.util.List;

import org.entente.node.BadParameterException;
import org.entente.sharing.Audience;
import org.entente.sharing.AudienceRequests;
import org.entente.stix.Tlp;

/**
 * A sharing label as the console's forms send it (TLP, audience kind, task force, named recipients),
 * parsed by the sharing module's own parser so the console accepts and refuses exactly what the API does.
 */
record LabelForm(String tlp, String audience, Long taskForce, List<Long> participants, List<Long> organisations) {

    static final List<String> AUDIENCES = List.of("own-organisation", "own-participant", "task-force", "all-members",
            "members-and-observers", "whole-community", "named");

    Tlp tlpOrDefault(Tlp fallback) {
        if (tlp == null || tlp.isBlank()) {
            return fallback;
        }
        return Tlp.byLabel(tlp).orElseThrow(() ->
                new BadParameterException("tlp", "must be clear, green, amber, amber+strict or red"));
    }

    Audience toAudience() {
        return AudienceRequests.audience(audience == null || audience.isBlank() ? "own-organisation" : audience,
                taskForce, participants, organisations, "audience");
    }
}
