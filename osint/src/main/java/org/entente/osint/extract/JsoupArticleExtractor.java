package org.entente.osint.extract;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The article extractor: decodes the bytes (gzip, BOM, declared or sniffed charset), then takes the HTML path
 * (structural boilerplate removal, readability-style scoring, conditional cleaning, metadata from JSON-LD, meta
 * tags and the visible page) or, for text scraped off a page, the {@link TextPathExtractor line path}.
 * Stateless and thread-safe.
 */
public final class JsoupArticleExtractor implements ArticleExtractor {

    /** Below this many characters a pass is assumed to have cut too much, and a more lenient one runs. */
    private static final int MIN_ARTICLE_CHARS = 500;
    private static final Pattern HTML_START = Pattern.compile("^\\s*(<\\?xml[^>]*>\\s*)?(<!--.*?-->\\s*)*"
            + "<(!doctype\\s+html|html|head|body|meta|title|div|p|article|table|!--)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("</?(p|div|br|a|span|li|ul|h[1-6]|table|tr|td|section|article|"
            + "body|head|html|meta|script|img)\\b[^>]*>", Pattern.CASE_INSENSITIVE);

    @Override
    public ExtractedArticle extract(byte[] content, String sourceName) {
        String source = sourceName == null ? "input" : sourceName;
        if (content == null || content.length == 0) {
            throw new UnreadableArticleException(source + ": is empty");
        }
        byte[] bytes = InputDecoder.inflateIfGzip(content, source);
        String text = CharsetDetector.decode(bytes);
        if (looksBinary(text)) {
            throw new UnreadableArticleException(source + ": is binary, not HTML or text");
        }
        try {
            return looksLikeHtml(text, source) ? extractHtml(text) : TextPathExtractor.extract(text);
        } catch (StackOverflowError e) {
            throw new UnreadableArticleException(source + ": is nested too deeply to read");
        }
    }

    private ExtractedArticle extractHtml(String html) {
        Document document = Jsoup.parse(html);
        MetadataExtractor metadata = new MetadataExtractor(document);
        // read before scoring edits the tree (it drops bylines and the heading that repeats the title)
        String headline = Titles.fromTitleElement(document);
        Optional<String> title = metadata.title();
        var published = metadata.published();
        Optional<String> declaredLanguage = metadata.declaredLanguage();

        String best = "";
        String byline = null;
        for (int i = 0; i < ContentScorer.Flags.PASSES.size(); i++) {
            // Scoring edits the tree; a lenient retry (rare: short pages) parses afresh, which is cheaper for the
            // common case than cloning the tree before every first pass.
            Document working = i == 0 ? document : Jsoup.parse(html);
            BoilerplateFilter.flattenDeepNesting(working);
            BoilerplateFilter.removeNeverContent(working);
            ContentScorer.Flags flags = ContentScorer.Flags.PASSES.get(i);
            ContentScorer scorer = new ContentScorer(flags);
            Element article = scorer.grab(working, headline);
            new ArticleCleaner(flags).clean(article);
            String text = TextRenderer.render(article);
            if (byline == null) {
                byline = scorer.byline();
            }
            if (text.length() > best.length()) {
                best = text;
            }
            if (text.length() >= MIN_ARTICLE_CHARS) {
                break;
            }
        }
        best = preferArticleBody(best, metadata.jsonLd());
        String text = best;
        return new ExtractedArticle(title, metadata.author(byline), published,
                declaredLanguage.or(() -> LanguageDetector.detect(text)), text);
    }

    /**
     * The publisher's own articleBody wins when scoring found much less text: the page may render its article
     * with scripts, so the markup holds only teasers.
     */
    private static String preferArticleBody(String scored, JsonLd jsonLd) {
        Optional<String> body = jsonLd.articleBody();
        if (body.isEmpty() || body.get().length() < 2 * Math.max(scored.length(), 250)) {
            return scored;
        }
        return body.get().lines().map(String::strip).filter(l -> !l.isEmpty())
                .reduce((a, b) -> a + "\n\n" + b).orElse("");
    }

    static boolean looksLikeHtml(String text, String sourceName) {
        String head = text.length() > 4096 ? text.substring(0, 4096) : text;
        if (HTML_START.matcher(head).find()) {
            return true;
        }
        int tags = 0;
        var m = TAG.matcher(head);
        while (m.find() && tags < 3) {
            tags++;
        }
        if (tags >= 3) {
            return true;
        }
        String name = sourceName.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        return (name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".xhtml")) && tags > 0;
    }

    /** Control characters other than whitespace are rare in any text encoding and common in binary data. */
    private static boolean looksBinary(String text) {
        int limit = Math.min(text.length(), 8192);
        int control = 0;
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == '\uFFFD') {
                control++;
            }
        }
        return control > limit * 0.05 + 1;
    }
}
