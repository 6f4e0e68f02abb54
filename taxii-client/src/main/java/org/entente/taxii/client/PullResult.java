package org.entente.taxii.client;

import java.util.List;

/** A finished pull: what it fetched and where it stopped ({@code cursor}, for the next incremental pull). */
public record PullResult(long pages, long objects, long duplicatesSkipped, Cursor cursor, List<String> warnings) {
}
