package org.entente.intel;

import java.util.Optional;

import org.entente.community.Caller;
import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixObject;
import org.entente.stix.Tlp;

/**
 * How an import labels what it stores: owned by the importer's organisation, shared with
 * {@code audience}, at the TLP the object itself carries or {@code tlp}, whichever is stricter
 * (AMBER when neither says anything: never more open than the owner asked).
 */
public record ImportLabel(Caller owner, Optional<Tlp> tlp, Audience audience) {

    public static ImportLabel ownOrganisation(Caller owner) {
        return new ImportLabel(owner, Optional.empty(), new Audience.OwnOrganisation());
    }

    SharingLabel labelFor(StixObject object) {
        Optional<Tlp> own = Tlp.strictestOf(object.objectMarkingRefs());
        Tlp effective = own.isEmpty() ? tlp.orElse(Tlp.AMBER)
                : tlp.isEmpty() ? own.get() : (own.get().isAbove(tlp.get()) ? own.get() : tlp.get());
        return new SharingLabel(owner.organisation(), owner.participant(), effective, audience);
    }
}
