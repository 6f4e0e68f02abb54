package org.entente.intel;

/** A share or release the caller may not make (403, with the reason). */
public class SharingRefused extends RuntimeException {
    public SharingRefused(String reason) {
        super(reason);
    }
}
