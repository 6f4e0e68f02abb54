package org.entente.taxii;

import java.util.Optional;
import java.util.UUID;

import org.entente.intel.TaxiiQuery;
import org.entente.sharing.Audience;

/**
 * A TAXII collection: a view onto the store through the sharing model, never a second copy of rules.
 * What a caller reads from it is always narrowed by the sharing policy; what they write to it is
 * stored with {@code writesAs} as audience.
 */
public record TaxiiCollection(UUID id, String title, String description, boolean canRead, boolean canWrite,
                              TaxiiQuery.Scope scope, Optional<Audience> writesAs) {
}
