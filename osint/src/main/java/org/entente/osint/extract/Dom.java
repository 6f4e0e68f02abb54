package org.entente.osint.extract;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** DOM measurements shared by the scorer and the cleaner: text, link density, class weight. */
final class Dom {

    static final Pattern NEGATIVE = Pattern.compile("-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|"
            + "contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
            + "sponsor|shopping|tags|widget|cookie|consent|newsletter|subscribe|byline-share|archive");
    static final Pattern POSITIVE = Pattern.compile("article|body|content|entry|hentry|h-entry|main|page|pagination|"
            + "post|text|blog|story");
    static final Set<String> PHRASING = Set.of("abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data",
            "datalist", "dfn", "em", "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript",
            "object", "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span", "strong", "sub",
            "sup", "textarea", "time", "var", "wbr", "font", "u", "s", "strike", "tt", "big", "acronym");

    private Dom() {
    }

    /** Text as a reader sees it (jsoup's text() already collapses whitespace and trims). */
    static String text(Element e) {
        return e.text();
    }

    /** Whether a descendant (not the element itself) has one of the tags, stopping at the first. */
    static boolean hasDescendant(Element e, Set<String> tags) {
        java.util.ArrayDeque<Element> stack = new java.util.ArrayDeque<>(e.children());
        while (!stack.isEmpty()) {
            Element c = stack.pop();
            if (tags.contains(c.normalName())) {
                return true;
            }
            for (Element g : c.children()) {
                stack.push(g);
            }
        }
        return false;
    }

    static double linkDensity(Element e, int textLength) {
        if (textLength == 0) {
            return 0;
        }
        double linkLength = 0;
        for (Element a : e.getElementsByTag("a")) {
            String href = a.attr("href");
            double coefficient = href.length() > 1 && href.startsWith("#") ? 0.3 : 1;
            linkLength += a.text().length() * coefficient;
        }
        return linkLength / textLength;
    }

    static double linkDensity(Element e) {
        return linkDensity(e, text(e).length());
    }

    static int classWeight(Element e) {
        int weight = 0;
        String cls = e.className().toLowerCase(Locale.ROOT);
        if (!cls.isEmpty()) {
            if (NEGATIVE.matcher(cls).find()) {
                weight -= 25;
            }
            if (POSITIVE.matcher(cls).find()) {
                weight += 25;
            }
        }
        String id = e.id().toLowerCase(Locale.ROOT);
        if (!id.isEmpty()) {
            if (NEGATIVE.matcher(id).find()) {
                weight -= 25;
            }
            if (POSITIVE.matcher(id).find()) {
                weight += 25;
            }
        }
        return weight;
    }

    static boolean hasAncestor(Element e, String tag, int maxDepth) {
        int depth = 0;
        for (Element p = e.parent(); p != null; p = p.parent()) {
            if (maxDepth > 0 && ++depth > maxDepth) {
                return false;
            }
            if (p.normalName().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    static boolean isPhrasing(Node node) {
        if (node instanceof TextNode) {
            return true;
        }
        if (!(node instanceof Element e)) {
            return true;
        }
        String tag = e.normalName();
        if (PHRASING.contains(tag)) {
            return true;
        }
        if (tag.equals("a") || tag.equals("del") || tag.equals("ins")) {
            for (Node c : e.childNodes()) {
                if (!isPhrasing(c)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    static boolean isWhitespace(Node node) {
        return node instanceof TextNode t && t.isBlank()
                || node instanceof Element e && e.normalName().equals("br");
    }

    static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** Commas of the scripts the test pages use: Latin, Arabic, CJK full-width and small forms. */
    static int commas(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '\u060C' || c == '\uFE50' || c == '\uFE10' || c == '\uFE11' || c == '\u2E41'
                    || c == '\u2E34' || c == '\u2E32' || c == '\uFF0C' || c == '\u3001') {
                n++;
            }
        }
        return n;
    }
}
