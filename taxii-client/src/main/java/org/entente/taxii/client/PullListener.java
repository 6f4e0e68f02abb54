package org.entente.taxii.client;

/** Told after each page a pull has fully handed to its sink (the cursor has advanced), and of oddities. */
public interface PullListener {

    PullListener NONE = new PullListener() {
    };

    /** A page is done: {@code progress.cursor()} is the point to resume from, e.g. to save it. */
    default void page(PullProgress progress) {
    }

    /** Something the caller should know but that does not stop the pull. */
    default void warning(String message) {
    }
}
