package org.entente.osint.extract;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Extraction from plain text scraped off a page, where markup is gone and only line structure is left. Every line
 * scores its word count less a constant, and lines that are known furniture (cookie notices, share prompts,
 * "related posts", tag clouds, calendars, copyright) score strongly negative; the article is the contiguous run of
 * lines with the highest total. Menus and post lists are runs of short lines and lose; the prose with its
 * headings, list items and table rows wins. A table of contents repeating the headings below it is dropped.
 */
final class TextPathExtractor {

    /** A line must carry this many words to add to its run: menu items and post metadata do not. */
    private static final int WORDS_PER_LINE_COST = 8;
    private static final int FURNITURE_PENALTY = 30;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern BULLET = Pattern.compile("^([\\u2022\\u00b7\\u25aa\\u25cf*\\-\\u2013]|\\d{1,2}[.)])\\s+");
    private static final Pattern FURNITURE = Pattern.compile(String.join("|",
            "\\bcookies?\\b.*\\b(use|using|consent|accept|agree|policy|settings|continu)",
            "\\b(use|using|consent|accept|agree)\\b.*\\bcookies?\\b",
            "^(share|tweet|pin|email|print)(\\s*(on|this|via)\\s*\\w+)*$",
            "share on (facebook|twitter|x|linkedin|whatsapp)",
            "^(share|tweet|pin|email|print)+$",
            "^(previous|next|older|newer) (post|article|story)\\b",
            "^(related|recommended|popular|trending|latest|more) (posts?|articles?|stories|news|from)\\b",
            "^you (may|might) (also )?like",
            "^read (more|also|next)\\b",
            "^tags?\\s*:", "^categor(y|ies)\\s*:?$", "^archives?$", "^tags$",
            "^(table of contents|contents|toggle|loading\\.*|advertisement|sponsored)$",
            "^(no result|view all result|go to mobile version|skip to (main )?content|menu|search|home)$",
            "^(©|\\(c\\)|copyright\\b)", "all rights reserved",
            "^(sign (in|up)|log ?in|subscribe|register)\\b.{0,40}$",
            "^(m t w t f s s|mo tu we th fr sa su)$",
            "^«\\s*\\w+.*»$"), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern COUNTED_TERMS = Pattern.compile("\\(\\d+\\)");
    private static final Pattern BYLINE = Pattern.compile("^(?:by|written by|von|par|por|di)\\s+(\\p{Lu}[\\p{L}.'\\-]*"
            + "(?:\\s+(?:\\p{Lu}[\\p{L}.'\\-]*|de|van|von|da|di|al|bin|and|&)){0,5})\\s*$");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?:;\"'\u201d\u2019)]$");

    private record Line(String text, boolean listItem, int words, boolean furniture) {
    }

    private TextPathExtractor() {
    }

    static ExtractedArticle extract(String raw) {
        List<Line> lines = lines(raw);
        int[] span = bestSpan(lines);
        int start = span[0];
        int end = span[1];
        // a heading right above the first paragraph costs more than it adds, but belongs to the article
        if (start > 0 && start < end && isHeadingLike(lines.get(start - 1))) {
            start--;
        }

        Optional<String> author = Optional.empty();
        Optional<OffsetDateTime> published = Optional.empty();
        int bylineAt = -1;
        for (int i = start - 1; i >= Math.max(0, start - 12); i--) {
            var m = BYLINE.matcher(lines.get(i).text());
            if (author.isEmpty() && m.matches()) {
                author = Optional.of(m.group(1));
                bylineAt = i;
            }
            if (published.isEmpty() && isDateLine(lines.get(i).text())) {
                published = DateParser.parse(lines.get(i).text());
            }
        }
        Optional<String> title = Optional.empty();
        int titleSearchFrom = bylineAt >= 0 ? bylineAt - 1 : start - 1;
        for (int i = titleSearchFrom; i >= Math.max(0, titleSearchFrom - 6); i--) {
            if (isTitleLike(lines.get(i))) {
                title = Optional.of(lines.get(i).text());
                break;
            }
        }
        if (title.isEmpty() && start < end && isTitleLike(lines.get(start)) && start + 1 < end
                && lines.get(start + 1).words() > WORDS_PER_LINE_COST) {
            title = Optional.of(lines.get(start).text());
            start++;
        }
        String text = render(lines, start, end);
        return new ExtractedArticle(title, author, published, LanguageDetector.detect(text), text);
    }

    private static List<Line> lines(String raw) {
        List<Line> lines = new ArrayList<>();
        for (String l : raw.split("\\R")) {
            String text = l.replace('\u00a0', ' ').strip();
            if (text.isEmpty()) {
                continue;
            }
            var bullet = BULLET.matcher(text);
            boolean listItem = bullet.find();
            if (listItem) {
                text = text.substring(bullet.end()).strip();
            }
            int words = 0;
            var w = WORD.matcher(text);
            while (w.find()) {
                words++;
            }
            lines.add(new Line(text, listItem, words, isFurniture(text, words)));
        }
        return lines;
    }

    static boolean isFurniture(String text, int words) {
        if (FURNITURE.matcher(text).find()) {
            return true;
        }
        // tag clouds and archive lists: "China (2148) Diplomacy (640) …", "July 2025 (1328)"
        var counted = COUNTED_TERMS.matcher(text);
        int counts = 0;
        while (counted.find()) {
            counts++;
        }
        return counts >= 3 || counts >= 1 && words <= 4 && text.matches(".*\\(\\d+\\)$");
    }

    /** Maximum-sum contiguous run of line scores (Kadane), as [start, end). */
    private static int[] bestSpan(List<Line> lines) {
        int bestStart = 0;
        int bestEnd = 0;
        double best = 0;
        double sum = 0;
        int runStart = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            double score = line.furniture() ? -FURNITURE_PENALTY : line.words() - WORDS_PER_LINE_COST;
            if (sum <= 0) {
                sum = 0;
                runStart = i;
            }
            sum += score;
            if (sum > best) {
                best = sum;
                bestStart = runStart;
                bestEnd = i + 1;
            }
        }
        return new int[] {bestStart, bestEnd};
    }

    private static String render(List<Line> lines, int start, int end) {
        Map<String, Integer> lastSeen = new HashMap<>();
        for (int i = start; i < end; i++) {
            lastSeen.put(key(lines.get(i).text()), i);
        }
        List<String> blocks = new ArrayList<>();
        for (int i = start; i < end; i++) {
            Line line = lines.get(i);
            if (line.furniture()) {
                continue;
            }
            // a table of contents: a short line repeated further down (as the heading it points to)
            if (line.words() < 20 && lastSeen.get(key(line.text())) > i) {
                continue;
            }
            blocks.add(line.listItem() ? "- " + line.text() : line.text());
        }
        return String.join("\n\n", blocks);
    }

    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static boolean isDateLine(String text) {
        return text.length() < 60 && DateParser.parse(text).isPresent();
    }

    private static boolean isHeadingLike(Line line) {
        return isTitleLike(line) && line.words() <= 12 || !line.furniture() && !line.listItem() && line.words() >= 1
                && line.words() < 3 && Character.isUpperCase(line.text().codePointAt(0))
                && !SENTENCE_END.matcher(line.text()).find() && !isDateLine(line.text());
    }

    private static boolean isTitleLike(Line line) {
        String text = line.text();
        return !line.furniture() && !line.listItem() && line.words() >= 3 && line.words() <= 30
                && !SENTENCE_END.matcher(text).find() && !isDateLine(text) && !BYLINE.matcher(text).matches();
    }
}
