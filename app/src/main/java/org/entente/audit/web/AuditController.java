package org.entente.audit.web;

import org.entente.node.BadParameterException;
import java.util.List;

import org.entente.audit.AuditEntry;
import org.entente.audit.AuditLog;
import org.entente.audit.Verification;
import org.entente.community.RequiresPermission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log over HTTP: read it page by page, and verify the whole chain. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** A page of entries; {@code more} says whether to ask again with {@code after} = the last sequence. */
    record Page(List<AuditEntry> entries, boolean more) {
    }

    /** Walks the whole chain: 200 with {@code intact} false (and the first problem) when it is broken. */
    @RequiresPermission("audit.read")
    @GetMapping("/verification")
    Verification verification() {
        return audit.verify();
    }

    /** Entries after sequence number {@code after} (default 0: from the start), oldest first. */
    @RequiresPermission("audit.read")
    @GetMapping
    Page entries(@RequestParam(required = false) String after, @RequestParam(required = false) String limit) {
        long from = number("after", after, 0, 0, Long.MAX_VALUE, "must be a sequence number (0 or more)");
        int size = (int) number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, "must be between 1 and " + MAX_LIMIT);
        List<AuditEntry> entries = audit.entries(from, size);
        return new Page(entries, entries.size() == size);
    }

    private static long number(String name, String value, long dflt, long min, long max, String rule) {
        if (value == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) {
                throw new BadParameterException(name, rule);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, rule);
        }
    }
}
