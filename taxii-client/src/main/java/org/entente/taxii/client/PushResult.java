package org.entente.taxii.client;

import java.util.List;

/**
 * What a push achieved. {@code read}: objects taken from the input; {@code sent}: of those, sent to the
 * server; {@code succeeded}/{@code failed}/{@code pending}: the servers' counts summed over all statuses,
 * plus objects failed locally or in refused batches. {@code failures} and {@code pendings} say which and
 * why (the first {@link TaxiiClient#MAX_DETAILS} of each). {@code inputError} is set when the input
 * could not be read to its end (the objects before the error were pushed).
 */
public record PushResult(long read, long sent, long succeeded, long failed, long pending,
                         List<StatusDetail> failures, List<StatusDetail> pendings, List<String> statusIds,
                         String inputError) {

    /** Every object read was stored, and the input was read to its end. */
    public boolean ok() {
        return failed == 0 && pending == 0 && inputError == null;
    }
}
