package org.entente.sharing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Counts the decisions of {@link SharingPolicy#decide}: {@code entente.policy.decisions} tagged with the
 * decision (allowed, refused) and the rule that decided (owner, audience; permission, marking, ceiling
 * ...). The rule names are a small fixed set, so the tags cannot explode; nothing about the object or
 * the caller is tagged. Reads filtered in SQL ({@link SharingPolicy#filter}) are not per-object
 * decisions and are not counted here.
 */
final class DecisionMetrics {

    private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

    private DecisionMetrics() {
    }

    static Decision allowed(String rule, Decision.Allowed decision) {
        counter("allowed", rule).increment();
        return decision;
    }

    static Decision denied(Decision.Denied decision) {
        counter("refused", decision.policy()).increment();
        return decision;
    }

    private static Counter counter(String decision, String rule) {
        return COUNTERS.computeIfAbsent(decision + "/" + rule, k -> Counter.builder("entente.policy.decisions")
                .description("Sharing-policy decisions on single objects and deliveries, by outcome and deciding rule")
                .tag("decision", decision).tag("reason", rule).register(Metrics.globalRegistry));
    }
}
