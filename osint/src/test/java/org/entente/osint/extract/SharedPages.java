package org.entente.osint.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shared reference material ({@code ../shared}): Surefire passes its location as system property
 * {@code entente.shared}; tests that need it are skipped when it is absent (a fresh clone has none).
 */
final class SharedPages {

    static final String PROPERTY = "entente.shared";

    private SharedPages() {
    }

    static Optional<Path> root() {
        String configured = System.getProperty(PROPERTY);
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared");
        return Files.isDirectory(root) ? Optional.of(root) : Optional.empty();
    }

    static Optional<Path> seed(String prefix) {
        return root().flatMap(r -> {
            try (Stream<Path> files = Files.list(r.resolve("seeds"))) {
                return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** The readability test pages: directories holding source.html, expected.html and expected-metadata.json. */
    static List<Path> readabilityPages() {
        return root().map(r -> r.resolve("osint/readability-test-pages")).filter(Files::isDirectory).map(dir -> {
            try (Stream<Path> pages = Files.list(dir)) {
                return pages.filter(p -> Files.isRegularFile(p.resolve("source.html"))
                        && Files.isRegularFile(p.resolve("expected.html"))).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(List.of());
    }
}
