package org.entente.osint.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Readability-style content scoring: every paragraph-like block gives points (for its length and commas) to its
 * parent and, diminishing, to further ancestors; the best-scoring container, scaled by how little of it is link
 * text, is the article, together with siblings that score nearly as well or read like prose.
 */
final class ContentScorer {

    /** What a pass may do; later passes relax it when the stricter one found too little text. */
    record Flags(boolean stripUnlikely, boolean weightClasses, boolean cleanConditionally) {
        static final List<Flags> PASSES = List.of(new Flags(true, true, true), new Flags(false, true, true),
                new Flags(false, false, true), new Flags(false, false, false));
    }

    private static final Set<String> TAGS_TO_SCORE = Set.of("section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre");
    private static final Set<String> DIV_TO_P_ELEMS = Set.of("blockquote", "dl", "div", "img", "ol", "p", "pre",
            "table", "ul", "section", "article", "header", "footer", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
            "aside", "main");
    private static final Set<String> KEEP_TAG_AS_IS = Set.of("div", "article", "section", "p", "ol", "ul", "table",
            "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "dl");
    private static final Pattern BYLINE = Pattern.compile("byline|author|dateline|writtenby|p-author",
            Pattern.CASE_INSENSITIVE);
    private static final int TOP_CANDIDATES = 5;

    private final Map<Element, Double> scores = new IdentityHashMap<>();
    private final Flags flags;
    private String byline;

    ContentScorer(Flags flags) {
        this.flags = flags;
    }

    /** A byline element met (and removed) while scoring, if any. */
    String byline() {
        return byline;
    }

    /** Returns a detached container holding the article's blocks. The document is modified. */
    Element grab(Document document, String title) {
        Element body = document.body();
        if (body == null) {
            return new Element("div");
        }
        if (flags.stripUnlikely()) {
            BoilerplateFilter.removeUnlikelyCandidates(document);
        }
        List<Element> toScore = prepare(body, title);
        for (Element e : toScore) {
            scoreParagraph(e);
        }
        List<Element> candidates = new ArrayList<>(scores.keySet());
        for (Element c : candidates) {
            scores.put(c, scores.get(c) * (1 - Dom.linkDensity(c)));
        }
        candidates.sort(Comparator.comparingDouble((Element c) -> scores.get(c)).reversed());
        List<Element> top = candidates.subList(0, Math.min(TOP_CANDIDATES, candidates.size()));

        Element article = new Element("div");
        if (top.isEmpty() || top.getFirst().normalName().equals("body") || top.getFirst().parent() == null) {
            for (Node child : new ArrayList<>(body.childNodes())) {
                article.appendChild(child);
            }
            return article;
        }
        Element topCandidate = climb(top, body);
        appendWithSiblings(article, topCandidate);
        return article;
    }

    /** One walk: drops bylines, empty containers and a heading repeating the title; turns text-only divs into p. */
    private List<Element> prepare(Element body, String title) {
        List<Element> toScore = new ArrayList<>();
        boolean titleHeaderRemoved = false;
        for (Element e : body.getAllElements()) {
            if (e.parent() == null || e == body) {
                continue;
            }
            String tag = e.normalName();
            if (byline == null && isByline(e)) {
                byline = Dom.text(e);
                e.remove();
                continue;
            }
            if (!titleHeaderRemoved && (tag.equals("h1") || tag.equals("h2")) && title != null
                    && Titles.similar(Dom.text(e), title)) {
                titleHeaderRemoved = true;
                e.remove();
                continue;
            }
            if ((tag.equals("div") || tag.equals("section") || tag.equals("header") || tag.startsWith("h") && tag.length() == 2)
                    && isWithoutContent(e)) {
                e.remove();
                continue;
            }
            if (TAGS_TO_SCORE.contains(tag)) {
                toScore.add(e);
            }
            if (tag.equals("div")) {
                toScore.addAll(wrapPhrasingRuns(e));
                Element onlyP = singleChild(e, "p");
                if (onlyP != null && Dom.linkDensity(e) < 0.25) {
                    e.replaceWith(onlyP);
                    toScore.add(onlyP);
                } else if (!hasBlockDescendant(e)) {
                    e.tagName("p");
                    toScore.add(e);
                }
            }
        }
        return toScore;
    }

    private boolean isByline(Element e) {
        String match = e.className() + " " + e.id();
        boolean looksLike = "author".equals(e.attr("rel")) || e.attr("itemprop").contains("author")
                || BYLINE.matcher(match).find();
        if (!looksLike) {
            return false;
        }
        String text = Dom.text(e);
        return !text.isEmpty() && text.length() < 100;
    }

    private static boolean isWithoutContent(Element e) {
        if (e.hasText()) {
            return false;
        }
        for (Element c : e.children()) {
            if (!c.normalName().equals("br") && !c.normalName().equals("hr")) {
                return false;
            }
        }
        return true;
    }

    /** Runs of inline content directly in a div become paragraphs, so their text is scored like any other. */
    private static List<Element> wrapPhrasingRuns(Element div) {
        List<Element> created = new ArrayList<>();
        if (div.childNodeSize() == 0 || !hasBlockChild(div)) {
            return created;
        }
        Element p = null;
        for (Node child : new ArrayList<>(div.childNodes())) {
            if (Dom.isPhrasing(child)) {
                if (p != null) {
                    p.appendChild(child);
                } else if (!Dom.isWhitespace(child)) {
                    p = new Element("p");
                    child.before(p);
                    p.appendChild(child);
                    created.add(p);
                }
            } else {
                p = null;
            }
        }
        return created;
    }

    private static boolean hasBlockChild(Element e) {
        for (Element c : e.children()) {
            if (DIV_TO_P_ELEMS.contains(c.normalName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBlockDescendant(Element e) {
        return Dom.hasDescendant(e, DIV_TO_P_ELEMS);
    }

    private static Element singleChild(Element e, String tag) {
        if (e.childrenSize() != 1 || !e.child(0).normalName().equals(tag)) {
            return null;
        }
        for (Node n : e.childNodes()) {
            if (n instanceof TextNode t && !t.isBlank()) {
                return null;
            }
        }
        return e.child(0);
    }

    private void scoreParagraph(Element e) {
        if (e.parent() == null) {
            return;
        }
        String text = Dom.text(e);
        if (text.length() < 25) {
            return;
        }
        double score = 1 + Dom.commas(text) + Math.min(text.length() / 100, 3);
        int level = 0;
        for (Element ancestor = e.parent(); ancestor != null && level < 5; ancestor = ancestor.parent(), level++) {
            if (ancestor.parent() == null || ancestor.normalName().equals("html")) {
                break;
            }
            if (!scores.containsKey(ancestor)) {
                scores.put(ancestor, initialScore(ancestor));
            }
            double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
            scores.merge(ancestor, score / divider, Double::sum);
        }
    }

    private double initialScore(Element e) {
        double score = switch (e.normalName()) {
            case "div" -> 5;
            case "pre", "td", "blockquote" -> 3;
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form" -> -3;
            case "h1", "h2", "h3", "h4", "h5", "h6", "th" -> -5;
            default -> 0;
        };
        return score + (flags.weightClasses() ? Dom.classWeight(e) : 0);
    }

    /** Moves up from the best candidate when its ancestors hold most of the other good candidates too. */
    private Element climb(List<Element> top, Element body) {
        Element topCandidate = top.getFirst();
        double topScore = scores.get(topCandidate);
        List<List<Element>> alternativeAncestors = new ArrayList<>();
        for (int i = 1; i < top.size(); i++) {
            if (scores.get(top.get(i)) / topScore >= 0.75) {
                alternativeAncestors.add(ancestors(top.get(i)));
            }
        }
        if (alternativeAncestors.size() >= 3) {
            for (Element p = topCandidate.parent(); p != null && p != body; p = p.parent()) {
                int containing = 0;
                for (List<Element> list : alternativeAncestors) {
                    if (containsIdentity(list, p)) {
                        containing++;
                    }
                }
                if (containing >= 3) {
                    topCandidate = p;
                    break;
                }
            }
        }
        scores.computeIfAbsent(topCandidate, this::initialScore);
        double lastScore = scores.get(topCandidate);
        double threshold = lastScore / 3;
        for (Element p = topCandidate.parent(); p != null && p != body; p = p.parent()) {
            Double parentScore = scores.get(p);
            if (parentScore == null) {
                continue;
            }
            if (parentScore < threshold) {
                break;
            }
            if (parentScore > lastScore) {
                topCandidate = p;
                break;
            }
            lastScore = parentScore;
        }
        for (Element p = topCandidate.parent(); p != null && p != body && p.childrenSize() == 1; p = p.parent()) {
            topCandidate = p;
        }
        scores.computeIfAbsent(topCandidate, this::initialScore);
        return topCandidate;
    }

    private void appendWithSiblings(Element article, Element topCandidate) {
        double topScore = scores.get(topCandidate);
        double threshold = Math.max(10, topScore * 0.2);
        Element parent = topCandidate.parent();
        List<Element> siblings = parent == null ? List.of(topCandidate) : new ArrayList<>(parent.children());
        for (Element sibling : siblings) {
            boolean append = sibling == topCandidate;
            if (!append) {
                double bonus = !topCandidate.className().isEmpty()
                        && sibling.className().equals(topCandidate.className()) ? topScore * 0.2 : 0;
                Double score = scores.get(sibling);
                if (score != null && score + bonus >= threshold) {
                    append = true;
                } else if (sibling.normalName().equals("p")) {
                    String text = Dom.text(sibling);
                    double density = Dom.linkDensity(sibling, text.length());
                    if (text.length() > 80 && density < 0.25) {
                        append = true;
                    } else if (text.length() < 80 && !text.isEmpty() && density == 0
                            && (text.contains(". ") || text.endsWith("."))) {
                        append = true;
                    }
                }
            }
            if (append) {
                if (!KEEP_TAG_AS_IS.contains(sibling.normalName())) {
                    sibling.tagName("div");
                }
                article.appendChild(sibling);
            }
        }
    }

    private static List<Element> ancestors(Element e) {
        List<Element> list = new ArrayList<>();
        for (Element p = e.parent(); p != null; p = p.parent()) {
            list.add(p);
        }
        return list;
    }

    private static boolean containsIdentity(List<Element> list, Element e) {
        for (Element x : list) {
            if (x == e) {
                return true;
            }
        }
        return false;
    }
}
