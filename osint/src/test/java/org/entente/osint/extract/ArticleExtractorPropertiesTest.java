package org.entente.osint.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The extractor's promises on hostile input: only {@link UnreadableArticleException}, and no script text. */
class ArticleExtractorPropertiesTest {

    private static final String MARKER = "zqxjscriptmarker";
    private final JsoupArticleExtractor extractor = new JsoupArticleExtractor();

    @Property(tries = 300)
    void arbitraryBytesYieldAnArticleOrUnreadableNeverAnotherException(@ForAll @Size(max = 3000) byte[] bytes,
                                                                       @ForAll("names") String name) {
        try {
            ExtractedArticle article = extractor.extract(bytes, name);
            assertThat(article.text()).isNotNull();
        } catch (UnreadableArticleException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 200)
    void gzippedArbitraryBytesBehaveLikeTheBytes(@ForAll @Size(max = 2000) byte[] bytes) throws IOException {
        byte[] gz = gzip(bytes);
        try {
            ExtractedArticle plain = extractor.extract(bytes, "page.html");
            assertThat(extractor.extract(gz, "page.html.gz")).isEqualTo(plain);
        } catch (UnreadableArticleException expected) {
            // the plain bytes were unreadable (or were themselves gzip); the gzipped ones may be too
        }
    }

    @Property(tries = 300)
    void scriptAndStyleContentNeverReachesTheText(@ForAll("pagesWithScripts") String html,
                                                  @ForAll("names") String name) {
        ExtractedArticle article;
        try {
            article = extractor.extract(html.getBytes(StandardCharsets.UTF_8), name);
        } catch (UnreadableArticleException e) {
            return;
        }
        assertThat(article.text()).doesNotContain(MARKER);
        assertThat(article.title().orElse("")).doesNotContain(MARKER);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("page.html", "page.txt", "page", "x.htm", "scrape.txt.gz", "");
    }

    @Provide
    Arbitrary<String> pagesWithScripts() {
        // Prose has no bare '<': in "<a<script>" the HTML parser (a browser's too) reads a tag named "a<script",
        // and what follows is visible text, not script. Tag soup is exercised by whole tags and by the bytes property.
        Arbitrary<String> words = Arbitraries.strings().withChars("abcdefghij klmnop,.>/&;\"'=").ofMaxLength(60);
        Arbitrary<String> tags = Arbitraries.of("<br>", "</p>", "<p>", "<div>", "</div>", "<!-- c -->", "</script>",
                "<table><tr><td>", "</td></tr></table>", "<ul><li>", "</style>", "<pre>", "<![CDATA[ x ]]>", "&lt;");
        Arbitrary<String> prose = Arbitraries.oneOf(words, tags).list().ofMaxSize(8).map(l -> String.join("", l));
        Arbitrary<String> hidden = Arbitraries.of(
                "<script>var " + MARKER + " = 1;</script>",
                "<script type=\"application/ld+json\">{\"articleBody\": 1, \"x\": \"" + MARKER + "\"}</script>",
                "<style>." + MARKER + " { color: red }</style>",
                "<noscript>" + MARKER + "</noscript>",
                "<script><!-- document.write('<p>" + MARKER + "</p>') --></script>",
                "<template><p>" + MARKER + "</p></template>",
                "<style>p::after { content: '" + MARKER + "' }</style>");
        Arbitrary<String> block = Combinators.combine(prose, hidden, Arbitraries.of("p", "div", "li", "td", "article"))
                .as((text, script, tag) -> "<" + tag + ">" + text + script + text + "</" + tag + ">");
        return block.list().ofMinSize(1).ofMaxSize(12).map(blocks ->
                "<html><head><title>t</title>" + blocks.getFirst() + "</head><body>" + String.join("\n", blocks)
                        + "</body></html>");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
