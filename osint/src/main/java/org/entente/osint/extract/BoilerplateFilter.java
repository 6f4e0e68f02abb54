package org.entente.osint.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * Structural boilerplate removal before scoring: what can never be article text (scripts, styles, forms, hidden
 * nodes, navigation landmarks) and containers whose class or id says they are page furniture (menus, share bars,
 * cookie banners, related posts, comments, tag clouds, archives).
 */
final class BoilerplateFilter {

    static final Set<String> NEVER_CONTENT = Set.of("script", "style", "noscript", "template", "iframe", "object",
            "embed", "svg", "canvas", "form", "button", "input", "select", "textarea", "link", "meta", "nav",
            "dialog", "menu", "frame", "frameset", "applet", "audio", "video", "map");

    static final Pattern UNLIKELY = Pattern.compile("-ad-|ai2html|banner|breadcrumbs?|combx|comment|community|"
            + "cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|"
            + "skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|"
            + "consent|newsletter|subscribe|tag-?cloud|promo|outbrain|taboola|navbar|"
            + "masthead|toolbar|signup|paywall");
    static final Pattern MAYBE_CANDIDATE = Pattern.compile("and|article|body|column|content|main|mathjax|shadow");
    private static final Set<String> UNLIKELY_ROLES = Set.of("menu", "menubar", "complementary", "navigation", "alert",
            "alertdialog", "dialog", "banner", "contentinfo", "search");
    private static final Pattern HIDDEN_STYLE = Pattern.compile("display\\s*:\\s*none|visibility\\s*:\\s*hidden");

    private BoilerplateFilter() {
    }

    /** Real pages nest a few dozen levels; hostile ones thousands, which would make scoring quadratic. */
    static final int MAX_DEPTH = 128;

    /** Unwraps elements nested deeper than {@link #MAX_DEPTH}, keeping their text in the ancestor at the limit. */
    static void flattenDeepNesting(Document document) {
        List<Element> tooDeep = new ArrayList<>();
        document.traverse((node, depth) -> {
            if (depth > MAX_DEPTH && node instanceof Element e) {
                tooDeep.add(e);
            }
        });
        for (int i = tooDeep.size() - 1; i >= 0; i--) {
            tooDeep.get(i).unwrap();
        }
    }

    /** Removes what is never content, whatever the scoring pass decides later. */
    static void removeNeverContent(Document document) {
        List<Node> comments = new ArrayList<>();
        document.traverse((node, depth) -> {
            if (node instanceof Comment) {
                comments.add(node);
            }
        });
        comments.forEach(Node::remove);
        for (Element e : document.getAllElements()) {
            if (e.parent() == null) {
                continue; // already detached with an ancestor
            }
            if (NEVER_CONTENT.contains(e.normalName()) && !hasArticleInside(e) || isHidden(e)) {
                e.remove();
            }
        }
    }

    /** Some sites wrap the whole page in a form; dropping it would drop the article. */
    private static boolean hasArticleInside(Element e) {
        return e.normalName().equals("form") && e.selectFirst("article, p") != null && e.text().length() > 1000;
    }

    static boolean isHidden(Element e) {
        if (e.hasAttr("hidden")) {
            return true;
        }
        String style = e.attr("style");
        if (!style.isEmpty() && HIDDEN_STYLE.matcher(style.toLowerCase(Locale.ROOT)).find()) {
            return true;
        }
        // as Readability does: aria-hidden hides an element, except the fallback images some sites mark so
        return "true".equals(e.attr("aria-hidden")) && !e.className().contains("fallback-image");
    }

    /** Drops containers whose class, id or role says they are furniture, unless they also say they are content. */
    static void removeUnlikelyCandidates(Document document) {
        if (document.body() == null) {
            return;
        }
        // The publisher's own marking of the article body outweighs any class name around it.
        Set<Element> articleBodyAndAncestors = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Element marked : document.body().select("[itemprop~=(?i)^articleBody$]")) {
            for (Element e = marked; e != null; e = e.parent()) {
                articleBodyAndAncestors.add(e);
            }
        }
        for (Element e : document.body().getAllElements()) {
            if (e.parent() == null || e == document.body() || articleBodyAndAncestors.contains(e)) {
                continue;
            }
            String tag = e.normalName();
            if (tag.equals("a") || tag.equals("article") || tag.equals("main") || tag.equals("body")
                    || tag.equals("html")) {
                continue;
            }
            if (UNLIKELY_ROLES.contains(e.attr("role").toLowerCase(Locale.ROOT)) || tag.equals("aside")) {
                e.remove();
                continue;
            }
            String match = classAndId(e);
            if (match.isEmpty()) {
                continue;
            }
            if (UNLIKELY.matcher(match).find() && !MAYBE_CANDIDATE.matcher(match).find()
                    && !insideTableOrCode(e)) {
                e.remove();
            }
        }
    }

    static String classAndId(Element e) {
        String cls = e.className();
        String id = e.id();
        if (cls.isEmpty() && id.isEmpty()) {
            return "";
        }
        return (cls + " " + id).toLowerCase(Locale.ROOT);
    }

    private static boolean insideTableOrCode(Element e) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            String tag = p.normalName();
            if (tag.equals("table") || tag.equals("code")) {
                return true;
            }
        }
        return false;
    }
}
