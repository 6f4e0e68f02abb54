package org.entente.stix.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the read-only reference material ({@code ../shared}: official STIX examples and schemas, the
 * ATT&amp;CK datasets). Surefire passes its location as system property {@code entente.shared}; outside
 * Maven the conventional {@code ../../shared} (relative to a module directory) is tried. A fresh clone
 * has no shared directory, so tests needing it must skip, never fail: use {@link #require(String)}.
 */
public final class SharedMaterial {

    public static final String PROPERTY = "entente.shared";

    private SharedMaterial() {
    }

    /** The shared directory, if it exists. */
    public static Optional<Path> root() {
        String configured = System.getProperty(PROPERTY);
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../../shared");
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** A file or directory under the shared directory, if present. */
    public static Optional<Path> find(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::exists);
    }

    /** A file or directory under the shared directory; skips the calling test when it is absent. */
    public static Path require(String relative) {
        Optional<Path> found = find(relative);
        Assumptions.assumeTrue(found.isPresent(),
                () -> "shared material " + relative + " not available (set -D" + PROPERTY + "=<dir>)");
        return found.get();
    }
}
