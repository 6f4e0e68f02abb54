package org.entente.osint.extract;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level F1 between an extracted text and a reference text, the measure the tests and the benchmark share.
 * Both texts are NFKC-normalised and lower-cased (Locale.ROOT); a word is a maximal run of Unicode letters,
 * digits and combining marks ({@code [\p{L}\p{N}\p{M}]+}), so punctuation, markup remnants such as "|" and
 * whitespace never count. Words are compared as multisets: precision is the matched count over the extracted
 * words, recall the matched count over the reference words, F1 their harmonic mean. Two empty texts score 1.
 */
public final class WordF1 {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");

    private WordF1() {
    }

    public record Score(double precision, double recall, double f1) {
    }

    public static Score score(String extracted, String reference) {
        Map<String, Integer> got = bag(extracted);
        Map<String, Integer> want = bag(reference);
        int gotTotal = got.values().stream().mapToInt(Integer::intValue).sum();
        int wantTotal = want.values().stream().mapToInt(Integer::intValue).sum();
        if (gotTotal == 0 && wantTotal == 0) {
            return new Score(1, 1, 1);
        }
        int matched = 0;
        for (Map.Entry<String, Integer> e : got.entrySet()) {
            matched += Math.min(e.getValue(), want.getOrDefault(e.getKey(), 0));
        }
        double precision = gotTotal == 0 ? 0 : (double) matched / gotTotal;
        double recall = wantTotal == 0 ? 0 : (double) matched / wantTotal;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Score(precision, recall, f1);
    }

    public static double f1(String extracted, String reference) {
        return score(extracted, reference).f1();
    }

    private static Map<String, Integer> bag(String text) {
        Map<String, Integer> bag = new HashMap<>();
        Matcher m = WORD.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
        while (m.find()) {
            bag.merge(m.group(), 1, Integer::sum);
        }
        return bag;
    }
}
