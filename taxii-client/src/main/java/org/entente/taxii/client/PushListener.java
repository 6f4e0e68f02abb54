package org.entente.taxii.client;

/** Told of a push's batches as they are sent and as their statuses complete. */
public interface PushListener {

    PushListener NONE = new PushListener() {
    };

    /** A batch of {@code objects} objects was accepted for processing; {@code status} is the first answer. */
    default void batchSent(int objects, Status status) {
    }

    /** A batch's status is final (complete, or still pending when the client gave up waiting). */
    default void batchDone(Status status) {
    }

    /** A batch was refused as a whole (e.g. 400 or 413); its objects are counted as failed. */
    default void batchRejected(int objects, TaxiiException reason) {
    }
}
