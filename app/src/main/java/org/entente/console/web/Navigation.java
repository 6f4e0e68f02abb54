package org.entente.console.web;

import java.util.Comparator;
import java.util.List;

import org.entente.community.Caller;
import org.entente.community.Permission;

/**
 * The console's navigation: one entry per page reachable from the header, shown only to callers who
 * hold the entry's permission (the page checks the same permission again: hiding a link is
 * convenience, never protection). Adding a page = adding a line here (docs/CONSOLE.md); the
 * acceptance crawler starts from these links, so a new page is checked for leaks automatically.
 */
final class Navigation {

    /**
     * @param permission what the page needs; {@code null} for any signed-in user
     */
    record Entry(String label, String path, Permission permission) {
        boolean visibleTo(Caller caller) {
            return permission == null || caller.has(permission);
        }
    }

    /** What the layout renders: an entry, and whether it is the current page (aria-current). */
    record Item(String label, String path, boolean current) {
    }

    static final List<Entry> ENTRIES = List.of(
            new Entry("Dashboard", "/", null),
            new Entry("Intelligence", "/console/intel", Permission.INTEL_READ),
            new Entry("Import", "/console/intel/import", Permission.INTEL_WRITE),
            new Entry("Correlation", "/console/correlation", Permission.INTEL_READ),
            new Entry("Coordination", "/console/coordination", Permission.COORDINATION_READ),
            new Entry("Task forces", "/console/task-forces", Permission.INTEL_READ),
            new Entry("OSINT", "/console/osint", Permission.INTEL_READ),
            new Entry("Federation", "/console/federation", Permission.FEDERATION_ADMIN),
            new Entry("Audit", "/console/audit", Permission.AUDIT_READ));

    private Navigation() {
    }

    /** The entries {@code caller} may use; the longest path that prefixes {@code requestPath} is current. */
    static List<Item> itemsFor(Caller caller, String requestPath) {
        List<Entry> visible = ENTRIES.stream().filter(e -> e.visibleTo(caller)).toList();
        String current = visible.stream().map(Entry::path)
                .filter(p -> p.equals(requestPath) || (!p.equals("/") && requestPath.startsWith(p + "/")))
                .max(Comparator.comparingInt(String::length)).orElse(null);
        return visible.stream().map(e -> new Item(e.label(), e.path(), e.path().equals(current))).toList();
    }
}
