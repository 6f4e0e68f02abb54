package org.entente.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.entente.coordination.DeclarationDocument;
import org.entente.stix.StixJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code entente declaration verify FILE}: checks a declaration document (from
 * {@code GET /api/v1/coordination/declarations/{id}/document}) offline, no node needed: every full member
 * listed signed, with its own key, this declaration, this version and the SHA-256 of this text. Exit code
 * 0 valid, 1 invalid (naming the failing members and signatures) or unreadable, 2 for a wrong command line.
 */
final class DeclarationCommand {

    private final PrintStream out;
    private final PrintStream err;

    DeclarationCommand() {
        this(System.out, System.err);
    }

    DeclarationCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        if (args.size() != 2 || !args.getFirst().equals("verify")) {
            throw new UsageException("usage: declaration verify FILE");
        }
        JsonNode doc;
        try {
            doc = StixJson.MAPPER.readTree(Files.readAllBytes(Path.of(args.get(1))));
        } catch (IOException e) {
            err.println("declaration verify: cannot read " + args.get(1) + ": " + e.getMessage());
            return 1;
        } catch (JacksonException e) {
            out.println("INVALID: " + args.get(1) + " is not JSON: " + e.getOriginalMessage());
            return 1;
        }
        DeclarationDocument.Report report = DeclarationDocument.verify(doc);
        out.println(report.verdict());
        for (String finding : report.findings()) {
            out.println("  " + finding);
        }
        return report.valid() ? 0 : 1;
    }
}
