package org.entente.osint.extract;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Title, author, publication date and declared language of an HTML page. Sources in order of trust: the page's
 * JSON-LD article, its meta tags (Dublin Core, Open Graph, Twitter, Parse.ly), then what is visible (the
 * {@code <title>} without the site name, bylines, {@code <time>} elements).
 */
final class MetadataExtractor {

    private static final Pattern PROPERTY = Pattern.compile(
            "\\s*(article|dc|dcterm|og|twitter)\\s*:\\s*(author|creator|description|published_time|title|site_name)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("^\\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))"
            + "\\s*[-.:]\\s*)?(author|creator|pub-date|description|title|site_name|date|language)\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> TITLE_KEYS = List.of("dc:title", "dcterm:title", "og:title",
            "weibo:article:title", "weibo:webpage:title", "title", "twitter:title", "parsely-title");
    private static final List<String> AUTHOR_KEYS = List.of("dc:creator", "dcterm:creator", "author", "parsely-author",
            "article:author");
    private static final List<String> DATE_KEYS = List.of("article:published_time", "parsely-pub-date",
            "og:published_time", "dc:date", "dcterm:date", "date", "pubdate", "publishdate", "publish-date",
            "sailthru:date", "dcterm:created", "dc:date:issued", "article:published", "datepublished");
    private static final Pattern URL = Pattern.compile("^(https?:)?//");

    private final Document document;
    private final JsonLd jsonLd;
    private final Map<String, String> meta = new HashMap<>();

    MetadataExtractor(Document document) {
        this.document = document;
        this.jsonLd = JsonLd.of(document);
        for (Element m : document.select("meta")) {
            String content = m.attr("content").strip();
            if (content.isEmpty()) {
                continue;
            }
            String property = m.attr("property");
            boolean matched = false;
            if (!property.isEmpty()) {
                var matcher = PROPERTY.matcher(property);
                while (matcher.find()) {
                    meta.put(key(matcher.group()), content);
                    matched = true;
                }
            }
            String name = m.attr("name");
            if (!matched && !name.isEmpty()) {
                String key = key(name);
                if (NAME.matcher(name).matches() || DATE_KEYS.contains(key) || key.startsWith("parsely-")) {
                    meta.put(key, content);
                }
            }
            String itemprop = m.attr("itemprop").toLowerCase(Locale.ROOT);
            if (itemprop.equals("datepublished")) {
                meta.putIfAbsent("datepublished", content);
            }
        }
    }

    private static String key(String raw) {
        return raw.toLowerCase(Locale.ROOT).replaceAll("\\s", "").replace('.', ':').replace("dcterms:", "dcterm:");
    }

    JsonLd jsonLd() {
        return jsonLd;
    }

    Optional<String> title() {
        if (jsonLd.name().isPresent() && jsonLd.headline().isPresent()
                && !jsonLd.name().get().equals(jsonLd.headline().get())) {
            String documentTitle = Titles.fromTitleElement(document);
            boolean nameMatches = Titles.similar(jsonLd.name().get(), documentTitle);
            boolean headlineMatches = Titles.similar(jsonLd.headline().get(), documentTitle);
            return Optional.of(headlineMatches && !nameMatches ? jsonLd.headline().get() : jsonLd.name().get());
        }
        Optional<String> fromJsonLd = jsonLd.name().or(jsonLd::headline);
        if (fromJsonLd.isPresent()) {
            return fromJsonLd;
        }
        for (String key : TITLE_KEYS) {
            String value = meta.get(key);
            if (value != null && !value.isBlank()) {
                return Optional.of(Titles.normalise(Titles.normaliseEntities(value)));
            }
        }
        return nonEmpty(Titles.fromTitleElement(document));
    }

    Optional<String> author(String bylineFromContent) {
        if (jsonLd.author().isPresent()) {
            return jsonLd.author();
        }
        for (String key : AUTHOR_KEYS) {
            String value = meta.get(key);
            if (value != null && !value.isBlank() && !URL.matcher(value).find()) {
                return Optional.of(Titles.normalise(Titles.normaliseEntities(value)));
            }
        }
        if (bylineFromContent != null) {
            String byline = bylineFromContent.replaceFirst("(?i)^(by|von|par|por|di)\\s+", "").strip();
            if (!byline.isEmpty()) {
                return Optional.of(byline);
            }
        }
        Element rel = document.selectFirst("[rel=author], [itemprop=author] [itemprop=name], [itemprop=author]");
        return rel == null ? Optional.empty() : nonEmpty(Dom.text(rel)).filter(s -> s.length() < 100);
    }

    Optional<OffsetDateTime> published() {
        Optional<OffsetDateTime> fromJsonLd = jsonLd.datePublished().flatMap(DateParser::parse);
        if (fromJsonLd.isPresent()) {
            return fromJsonLd;
        }
        for (String key : DATE_KEYS) {
            Optional<OffsetDateTime> date = DateParser.parse(meta.get(key));
            if (date.isPresent()) {
                return date;
            }
        }
        for (Element e : document.select("[itemprop=datePublished], time[pubdate], time[datetime]")) {
            String value = e.hasAttr("datetime") ? e.attr("datetime") : e.hasAttr("content") ? e.attr("content") : e.text();
            Optional<OffsetDateTime> date = DateParser.parse(value);
            if (date.isPresent()) {
                return date;
            }
        }
        for (Element e : document.select("[class~=(?i)(date|time|dateline|published)]")) {
            String text = e.text();
            if (text.length() < 80) {
                Optional<OffsetDateTime> date = DateParser.parse(text);
                if (date.isPresent()) {
                    return date;
                }
            }
        }
        return Optional.empty();
    }

    /** The declared language, as a BCP 47 tag; the caller detects one from the text when none is declared. */
    Optional<String> declaredLanguage() {
        Element html = document.selectFirst("html[lang]");
        String lang = html == null ? "" : html.attr("lang");
        if (lang.isBlank()) {
            lang = document.select("meta[http-equiv=content-language]").attr("content");
        }
        if (lang.isBlank()) {
            lang = meta.getOrDefault("language", "");
        }
        if (lang.isBlank()) {
            lang = jsonLd.language().orElse("");
        }
        if (lang.isBlank()) {
            lang = document.select("meta[property=og:locale]").attr("content");
        }
        return languageTag(lang);
    }

    static Optional<String> languageTag(String raw) {
        String candidate = raw.strip().replace('_', '-');
        int comma = candidate.indexOf(',');
        if (comma >= 0) {
            candidate = candidate.substring(0, comma).strip();
        }
        if (candidate.isEmpty() || candidate.length() > 35) {
            return Optional.empty();
        }
        String tag = Locale.forLanguageTag(candidate).toLanguageTag();
        return tag.equals("und") ? Optional.empty() : Optional.of(tag);
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
