package org.entente.osint.analysis;

/** Where an article names an entity: the span {@code [start, end)} of its text and the words printed there. */
public record Mention(Entity entity, int start, int end, String surface) {
}
