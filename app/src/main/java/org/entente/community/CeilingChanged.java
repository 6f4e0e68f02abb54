package org.entente.community;

import org.entente.stix.Tlp;

/** A tier's ceiling changed: who may receive what changed for a whole tier. Audited. */
public record CeilingChanged(String actor, Tier tier, Tlp before, Tlp after) {
}
