package org.entente.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.entente.community.Community;
import org.entente.node.BadParameterException;
import org.entente.sharing.Audience;
import org.entente.stix.Tlp;

/**
 * What a subscriber (a stream or a webhook) asked for, on top of what the sharing policy lets it see:
 * kinds, subject types, task forces (the label's audience is one of them) and a highest TLP. An empty
 * set means "any". Narrowing only: a filter never lets anything through that the policy refuses.
 */
record DeliveryFilter(Set<String> kinds, Set<String> types, Set<Long> taskForces, Optional<Tlp> maxTlp) {

    static final DeliveryFilter ANY = new DeliveryFilter(Set.of(), Set.of(), Set.of(), Optional.empty());

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** STIX 2.1 type names: 3 to 250 of a-z, 0-9 and '-'. */
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{1,248}[a-z0-9]");
    private static final int MAX_VALUES = 50;

    DeliveryFilter {
        kinds = Set.copyOf(kinds);
        types = Set.copyOf(types);
        taskForces = Set.copyOf(taskForces);
    }

    /** Whether a notification can be delivered at all: a kind that is safe as an SSE event name and a NATS token, a subject, a label, a payload. */
    static boolean deliverable(Notification n) {
        return n != null && n.kind() != null && KIND.matcher(n.kind()).matches() && n.subjectId() != null
                && n.label() != null && n.payloadJson() != null;
    }

    boolean matches(Notification n) {
        if (!kinds.isEmpty() && !kinds.contains(n.kind())) {
            return false;
        }
        if (!types.isEmpty() && !types.contains(n.subjectType())) {
            return false;
        }
        if (!taskForces.isEmpty() && !(n.label().audience() instanceof Audience.TaskForce tf
                && taskForces.contains(tf.taskForce().value()))) {
            return false;
        }
        return maxTlp.isEmpty() || !n.label().tlp().isAbove(maxTlp.get());
    }

    /**
     * Checks and builds a filter; {@code names} are the parameter (or field) names to blame: kind, type,
     * task force, tlp.
     */
    static DeliveryFilter parse(Collection<String> kinds, Collection<String> types, Collection<String> taskForces,
                                Collection<String> tlps, Community community, String[] names) {
        Set<String> k = checked(kinds, KIND, names[0], "a notification kind: lower-case letters, digits and '-', e.g. alert");
        Set<String> t = checked(types, TYPE, names[1], "a STIX type: 3 to 250 lower-case letters, digits and '-', e.g. indicator");
        Set<Long> tf = new LinkedHashSet<>();
        if (taskForces != null) {
            limit(taskForces, names[2]);
            Set<Long> known = new LinkedHashSet<>();
            community.taskForces().forEach(x -> known.add(x.id().value()));
            for (String s : taskForces) {
                long id;
                try {
                    id = Long.parseLong(s == null ? "" : s.strip());
                } catch (NumberFormatException e) {
                    throw new BadParameterException(names[2], "must be the numeric id of a task force, not '" + shorten(s) + "'");
                }
                if (!known.contains(id)) {
                    throw new BadParameterException(names[2], "names no task force: " + id);
                }
                tf.add(id);
            }
        }
        Optional<Tlp> tlp = Optional.empty();
        if (tlps != null && !tlps.isEmpty()) {
            if (tlps.size() > 1) {
                throw new BadParameterException(names[3], "may be given once (the highest TLP to receive)");
            }
            String s = tlps.iterator().next();
            tlp = Optional.of(Tlp.byLabel(s == null ? "" : s.strip()).orElseThrow(() -> new BadParameterException(names[3],
                    "must be one of clear, green, amber, amber+strict, red, not '" + shorten(s) + "'")));
        }
        return new DeliveryFilter(k, t, tf, tlp);
    }

    private static Set<String> checked(Collection<String> values, Pattern pattern, String name, String what) {
        Set<String> out = new LinkedHashSet<>();
        if (values == null) {
            return out;
        }
        limit(values, name);
        for (String v : values) {
            if (v == null || !pattern.matcher(v).matches()) {
                throw new BadParameterException(name, "must be " + what + ", not '" + shorten(v) + "'");
            }
            out.add(v);
        }
        return out;
    }

    private static void limit(Collection<String> values, String name) {
        if (values.size() > MAX_VALUES) {
            throw new BadParameterException(name, "may be given at most " + MAX_VALUES + " times");
        }
    }

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }

    List<String> taskForceStrings() {
        List<String> out = new ArrayList<>();
        taskForces.forEach(t -> out.add(Long.toString(t)));
        return out;
    }

}
