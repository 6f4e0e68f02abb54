package org.entente.osint.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The schema.org article a page describes in JSON-LD, if any: headline, name, author, dates, language and the
 * {@code articleBody}. Other JSON-LD (breadcrumbs, organisations, web sites) is ignored.
 */
record JsonLd(Optional<String> headline, Optional<String> name, Optional<String> author,
              Optional<String> datePublished, Optional<String> language, Optional<String> articleBody) {

    private static final Pattern ARTICLE_TYPES = Pattern.compile("^(Article|AdvertiserContentArticle|NewsArticle|"
            + "AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|"
            + "ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|"
            + "SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|"
            + "WebPage)$");

    static final JsonLd NONE = new JsonLd(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    static JsonLd of(Document document) {
        for (Element script : document.select("script[type=application/ld+json]")) {
            String data = script.data().strip();
            if (data.startsWith("<![CDATA[")) {
                data = data.substring(9, data.endsWith("]]>") ? data.length() - 3 : data.length());
            }
            Map<?, ?> article = findArticle(MiniJson.parse(data), 0);
            if (article != null) {
                return new JsonLd(string(article.get("headline")), string(article.get("name")),
                        author(article.get("author")), string(article.get("datePublished")),
                        string(article.get("inLanguage")), string(article.get("articleBody")));
            }
        }
        return NONE;
    }

    private static Map<?, ?> findArticle(Object node, int depth) {
        if (depth > 4 || node == null) {
            return null;
        }
        if (node instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> found = findArticle(item, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        if (isArticle(map.get("@type"))) {
            return map;
        }
        return findArticle(map.get("@graph"), depth + 1);
    }

    private static boolean isArticle(Object type) {
        if (type instanceof String s) {
            return ARTICLE_TYPES.matcher(s).matches();
        }
        if (type instanceof List<?> list) {
            return list.stream().anyMatch(JsonLd::isArticle);
        }
        return false;
    }

    private static Optional<String> string(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(Titles.normaliseEntities(s.strip()))
                : Optional.empty();
    }

    private static Optional<String> author(Object value) {
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Map<?, ?> map) {
            return string(map.get("name"));
        }
        if (value instanceof List<?> list) {
            List<String> names = new ArrayList<>();
            for (Object item : list) {
                author(item).ifPresent(names::add);
            }
            return names.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", names));
        }
        return Optional.empty();
    }
}
