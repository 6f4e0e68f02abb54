package org.entente.intel;

import java.util.List;

/** Versions of one object were deleted by their owner; published after the delete committed. */
public record IntelDeleted(String id, String type, List<String> versions) {

    public IntelDeleted {
        versions = List.copyOf(versions);
    }
}
