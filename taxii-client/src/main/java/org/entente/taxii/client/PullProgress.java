package org.entente.taxii.client;

/**
 * A pull so far: pages fetched, objects delivered, objects dropped because they had already been
 * delivered at the cursor's boundary, the size of the last page, whether the server has more.
 */
public record PullProgress(long pages, long objects, long duplicatesSkipped, int pageObjects, boolean more,
                           Cursor cursor) {
}
