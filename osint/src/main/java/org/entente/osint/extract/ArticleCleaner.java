package org.entente.osint.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Second-stage boilerplate removal inside the chosen container: blocks that are mostly links, lists longer than
 * the prose around them, image galleries, share bars and leftover headers and footers. Data tables survive; layout
 * tables are judged like any other block.
 */
final class ArticleCleaner {

    private static final Pattern SHARE = Pattern.compile("(\\b|_)(share|sharedaddy)(\\b|_)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VIDEOS = Pattern.compile("//(www\\.)?((dailymotion|youtube|youtube-nocookie|player\\.vimeo|"
            + "v\\.qq)\\.com|(archive|upload\\.wikimedia)\\.org|player\\.twitch\\.tv)", Pattern.CASE_INSENSITIVE);
    private static final Pattern AD_WORDS = Pattern.compile("^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|"
            + "广告|Реклама|Anuncio)$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern LOADING_WORDS = Pattern.compile("^((loading|正在加载|Загрузка|chargement|cargando)(…|\\.\\.\\.)?)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final boolean cleanConditionally;
    private final boolean weightClasses;
    private final Map<Element, Boolean> dataTables = new IdentityHashMap<>();

    ArticleCleaner(ContentScorer.Flags flags) {
        this.cleanConditionally = flags.cleanConditionally();
        this.weightClasses = flags.weightClasses();
    }

    void clean(Element article) {
        markDataTables(article);
        cleanConditionally(article, "form");
        cleanConditionally(article, "fieldset");
        removeAll(article, "object, embed, footer, link, aside, iframe, input, textarea, select, button");
        for (Element child : new ArrayList<>(article.children())) {
            for (Element e : child.getAllElements()) {
                if (e.parent() != null && e != child && SHARE.matcher(e.className() + " " + e.id()).find()
                        && e.text().length() < 500) {
                    e.remove();
                }
            }
        }
        for (Element h : article.select("h1, h2")) {
            if (weightClasses && Dom.classWeight(h) < 0) {
                h.remove();
            }
        }
        cleanConditionally(article, "table");
        cleanConditionally(article, "ul");
        cleanConditionally(article, "div");
        for (Element p : article.select("p")) {
            if (p.text().isBlank() && p.select("img, embed, object, iframe").isEmpty()) {
                p.remove();
            }
        }
    }

    private void removeAll(Element article, String query) {
        article.select(query).remove();
    }

    private void markDataTables(Element article) {
        for (Element table : article.select("table")) {
            dataTables.put(table, isDataTable(table));
        }
    }

    private static boolean isDataTable(Element table) {
        if ("presentation".equals(table.attr("role")) || "0".equals(table.attr("datatable"))) {
            return false;
        }
        if (!table.attr("summary").isEmpty()) {
            return true;
        }
        Element caption = table.selectFirst("caption");
        if (caption != null && caption.childNodeSize() > 0) {
            return true;
        }
        if (!table.select("col, colgroup, tfoot, thead, th").isEmpty()) {
            return true;
        }
        if (table.select("table").size() > 1) {
            return false;
        }
        Elements rows = table.select("tr");
        int columns = 0;
        for (Element row : rows) {
            int cells = 0;
            for (Element cell : row.children()) {
                String colspan = cell.attr("colspan");
                cells += colspan.matches("\\d{1,3}") ? Integer.parseInt(colspan) : 1;
            }
            columns = Math.max(columns, cells);
        }
        if (rows.size() >= 10 || columns > 4) {
            return true;
        }
        return rows.size() * columns > 10;
    }

    private boolean isData(Element table) {
        return dataTables.getOrDefault(table, false);
    }

    private void cleanConditionally(Element article, String tag) {
        if (!cleanConditionally) {
            return;
        }
        List<Element> nodes = new ArrayList<>(article.getElementsByTag(tag));
        Collections.reverse(nodes);
        for (Element node : nodes) {
            if (node.parent() == null || node == article) {
                continue;
            }
            if (shouldRemove(node, tag)) {
                node.remove();
            }
        }
    }

    private boolean shouldRemove(Element node, String tag) {
        if (tag.equals("table") && isData(node)) {
            return false;
        }
        for (Element p = node.parent(); p != null; p = p.parent()) {
            if (p.normalName().equals("table") && isData(p) || p.normalName().equals("code")) {
                return false;
            }
        }
        for (Element t : node.getElementsByTag("table")) {
            if (t != node && isData(t)) {
                return false;
            }
        }
        String text = Dom.text(node);
        boolean isList = tag.equals("ul") || tag.equals("ol");
        if (!isList) {
            int listLength = 0;
            for (Element list : node.select("ul, ol")) {
                listLength += Dom.text(list).length();
            }
            isList = !text.isEmpty() && (double) listLength / text.length() > 0.9;
        }
        int weight = weightClasses ? Dom.classWeight(node) : 0;
        if (weight < 0) {
            return true;
        }
        if (Dom.commas(text) >= 10) {
            return false;
        }
        int p = node.getElementsByTag("p").size();
        int img = node.getElementsByTag("img").size();
        int li = node.getElementsByTag("li").size() - 100;
        int input = node.getElementsByTag("input").size();
        int embeds = 0;
        for (Element e : node.select("object, embed, iframe")) {
            boolean video = e.attributes().asList().stream().anyMatch(a -> VIDEOS.matcher(a.getValue()).find());
            if (!video) {
                embeds++;
            }
        }
        if (AD_WORDS.matcher(text).matches() || LOADING_WORDS.matcher(text).matches()) {
            return true;
        }
        int headingLength = 0;
        for (Element h : node.select("h1, h2, h3, h4, h5, h6")) {
            headingLength += Dom.text(h).length();
        }
        double headingDensity = text.isEmpty() ? 0 : (double) headingLength / text.length();
        double linkDensity = Dom.linkDensity(node, text.length());
        boolean inFigure = Dom.hasAncestor(node, "figure", 3);
        boolean remove = !inFigure && img > 1 && (double) p / img < 0.5
                || !isList && li > p
                || input > p / 3
                || !isList && !inFigure && headingDensity < 0.9 && text.length() < 25 && (img == 0 || img > 2)
                        && linkDensity > 0
                || !isList && weight < 25 && linkDensity > 0.2
                || weight >= 25 && linkDensity > 0.5
                || embeds == 1 && text.length() < 75 || embeds > 1;
        if (isList && remove) {
            for (Element child : node.children()) {
                if (child.childrenSize() > 1) {
                    return true;
                }
            }
            if (img == node.getElementsByTag("li").size()) {
                return false;
            }
        }
        return remove;
    }
}
