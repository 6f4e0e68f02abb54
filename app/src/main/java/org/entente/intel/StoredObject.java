package org.entente.intel;

import java.time.Instant;

/** One stored version: its JSON exactly as stored, and when this node stored it. */
public record StoredObject(String id, String version, String type, Instant dateAdded, String json) {
}
