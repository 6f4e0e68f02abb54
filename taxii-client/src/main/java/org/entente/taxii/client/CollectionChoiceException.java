package org.entente.taxii.client;

import java.util.List;

/** No single collection fits the request; {@link #candidates()} are the ones the caller could choose from. */
public final class CollectionChoiceException extends TaxiiException {

    private final transient List<TaxiiCollection> candidates;

    CollectionChoiceException(String message, List<TaxiiCollection> candidates) {
        super(message);
        this.candidates = List.copyOf(candidates);
    }

    public List<TaxiiCollection> candidates() {
        return candidates;
    }
}
