package org.entente.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.stix.StixJson;
import org.entente.stix.StixTimestamp;
import org.entente.stix.pattern.InvalidPatternException;
import org.entente.stix.pattern.MatchResult;
import org.entente.stix.pattern.Observation;
import org.entente.stix.pattern.Observations;
import org.entente.stix.pattern.Pattern;
import org.entente.stix.pattern.PatternMatcher;
import org.entente.stix.pattern.PatternParser;
import org.entente.stix.pattern.PatternPrinter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code entente pattern check PATTERN} and {@code entente pattern match PATTERN FILE}: STIX patterns
 * checked and matched locally, without a node.
 * <ul>
 * <li>check: exit 0 and "valid" plus the canonical form; exit 1 and "line L, column C: message" with the
 * pattern's line and a caret under the fault (on standard error).</li>
 * <li>match: FILE (or - for standard input) holds a bundle, a list of objects or one object; exit 0 and the
 * observations of one match as JSON, exit 1 when nothing matches, exit 2 on a bad pattern or bad input.</li>
 * </ul>
 */
final class PatternCommand {

    private final PrintStream out;
    private final PrintStream err;

    PatternCommand() {
        this(System.out, System.err);
    }

    PatternCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> raw) {
        if (raw.isEmpty()) {
            throw new UsageException("pattern needs a subcommand: check or match");
        }
        List<String> rest = raw.subList(1, raw.size());
        return switch (raw.getFirst()) {
            case "check" -> check(rest);
            case "match" -> match(rest);
            default -> throw new UsageException("unknown pattern subcommand '" + raw.getFirst() + "' (check or match)");
        };
    }

    private int check(List<String> raw) {
        Args args = Args.parse(raw, Set.of(), Set.of());
        if (args.positional().size() != 1) {
            throw new UsageException("pattern check takes one pattern, quoted: entente pattern check \"[file:name = 'a']\"");
        }
        try {
            Pattern pattern = PatternParser.parse(args.positional().getFirst());
            out.println("valid");
            out.println(PatternPrinter.print(pattern));
            return 0;
        } catch (InvalidPatternException e) {
            report(args.positional().getFirst(), e);
            return 1;
        }
    }

    private int match(List<String> raw) {
        Args args = Args.parse(raw, Set.of("at"), Set.of());
        if (args.positional().size() != 2) {
            throw new UsageException("pattern match takes a pattern and a file: entente pattern match PATTERN OBSERVED.json");
        }
        String text = args.positional().get(0);
        String file = args.positional().get(1);
        Instant at = args.option("at").map(a -> StixTimestamp.tryParse(a).orElseThrow(() ->
                new UsageException("--at needs a STIX timestamp, e.g. 2024-05-01T12:00:00Z"))).map(StixTimestamp::instant)
                .orElseGet(Instant::now);
        Pattern pattern;
        try {
            pattern = PatternParser.parse(text);
        } catch (InvalidPatternException e) {
            report(text, e);
            return 2;
        }
        List<Observation> observations;
        try {
            byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            JsonNode json = StixJson.MAPPER.readTree(bytes);
            observations = observations(json, at);
        } catch (NoSuchFileException e) {
            err.println("cannot read " + file + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        } catch (JacksonException e) {
            err.println(file + ": not JSON: " + e.getOriginalMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
        MatchResult result = PatternMatcher.match(pattern, observations);
        if (!result.matched()) {
            err.println("no match among " + observations.size() + " observation" + (observations.size() == 1 ? "" : "s"));
            return 1;
        }
        Map<String, Observation> byId = observations.stream().collect(Collectors.toMap(Observation::id, o -> o, (a, b) -> a));
        ArrayNode matched = StixJson.MAPPER.createArrayNode();
        for (String id : result.observationIds()) {
            matched.add(json(byId.get(id)));
        }
        out.println(StixJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(matched));
        return 0;
    }

    private static List<Observation> observations(JsonNode json, Instant at) {
        if (json.isObject() && "bundle".equals(json.path("type").asString(""))) {
            return Observations.fromBundle(json, at);
        }
        List<JsonNode> objects = new ArrayList<>();
        if (json.isArray()) {
            json.forEach(objects::add);
        } else if (json.isObject()) {
            objects.add(json);
        } else {
            throw new IllegalArgumentException("expected a STIX bundle, a list of STIX objects or one object");
        }
        return Observations.fromObjects(objects, at);
    }

    private static ObjectNode json(Observation o) {
        ObjectNode node = StixJson.MAPPER.createObjectNode();
        node.put("id", o.id());
        node.put("first_observed", DateTimeFormatter.ISO_INSTANT.format(o.firstObserved()));
        node.put("last_observed", DateTimeFormatter.ISO_INSTANT.format(o.lastObserved()));
        node.put("number_observed", o.numberObserved());
        ObjectNode objects = node.putObject("objects");
        o.objects().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> objects.set(e.getKey(), e.getValue()));
        return node;
    }

    /** "line L, column C: message", then the faulty line of the pattern and a caret under the fault. */
    private void report(String pattern, InvalidPatternException e) {
        err.println(e.getMessage());
        String[] lines = pattern.split("\n", -1);
        String line = lines[Math.min(e.line(), lines.length) - 1];
        StringBuilder caret = new StringBuilder();
        int[] cps = line.codePoints().toArray();
        for (int i = 0; i < e.column() - 1 && i < cps.length; i++) {
            caret.append(cps[i] == '\t' ? '\t' : ' ');
        }
        err.println("  " + line.replace("\r", ""));
        err.println("  " + caret + "^");
    }
}
