package org.entente.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Options ({@code --name value}, repeatable) and positional arguments of one command. */
record Args(Map<String, List<String>> options, List<String> positional) {

    static Args parse(List<String> raw, Set<String> valued, Set<String> flags) {
        Map<String, List<String>> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String a = raw.get(i);
            if (a.startsWith("--") && a.contains("=")) {
                String name = a.substring(2, a.indexOf('='));
                check(name, valued);
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                if (flags.contains(name)) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                    continue;
                }
                check(name, valued);
                if (i + 1 >= raw.size()) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(raw.get(++i));
            } else {
                positional.add(a);
            }
        }
        return new Args(options, positional);
    }

    private static void check(String name, Set<String> valued) {
        if (!valued.contains(name)) {
            throw new UsageException("unknown option --" + name);
        }
    }

    Optional<String> option(String name) {
        List<String> v = options.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getLast());
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}
