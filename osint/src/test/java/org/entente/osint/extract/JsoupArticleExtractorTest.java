package org.entente.osint.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class JsoupArticleExtractorTest {

    private static final String PARAGRAPH_1 = "The defence ministers met in Qingdao on Thursday, agreeing to expand joint "
            + "exercises, share more intelligence on cross-border terrorism, and hold a further round of talks in the autumn.";
    private static final String PARAGRAPH_2 = "Officials said the meeting, the twenty-second of its kind, had been planned "
            + "for months, and that delegations from every member state attended, including two observers.";
    private static final String PARAGRAPH_3 = "Analysts noted, however, that the final statement avoided naming any "
            + "country, and that several disputes between members were left, as usual, for another day.";

    static final String NEWS_PAGE = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
              <meta charset="utf-8">
              <title>Ministers meet in Qingdao | Capital Cities</title>
              <meta property="og:title" content="Ministers meet in Qingdao">
              <meta name="author" content="Meta Author">
              <script type="application/ld+json">
                {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ministers meet in Qingdao",
                 "author": [{"@type": "Person", "name": "Caleb Wilson"}, {"@type": "Person", "name": "Ana Souza"}],
                 "datePublished": "2025-06-26T09:30:00+08:00"}
              </script>
              <style>body { font-family: serif }</style>
            </head>
            <body>
              <div id="cookie-banner">This website uses cookies. By continuing you consent to cookies being used.</div>
              <header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
                <li><a href="/asia">Asia</a></li></ul></nav></header>
              <main>
                <article class="post">
                  <h1>Ministers meet in Qingdao</h1>
                  <div class="share-bar"><a href="https://facebook.com/share">Share on Facebook</a>
                    <a href="https://twitter.com/share">Share on Twitter</a></div>
                  <div class="entry-content">
                    <p>%s</p>
                    <p>%s</p>
                    <h2>Outcomes</h2>
                    <ul><li>Joint exercises in the autumn, with every member taking part.</li>
                        <li>A task force on counter-terrorism, meeting every quarter.</li></ul>
                    <table><tr><th>Member</th><th>Commitment</th></tr>
                           <tr><td>Russia</td><td>Joint anti-terrorism drills</td></tr>
                           <tr><td>India</td><td>Cybersecurity protocols</td></tr></table>
                    <p>%s</p>
                    <script>trackPageView('secret-tracker-id');</script>
                  </div>
                  <div class="tags"><a href="/t/china">China</a> <a href="/t/sco">SCO</a> <a href="/t/defence">Defence</a></div>
                </article>
                <section class="related-posts"><h3>Related Posts</h3><ul>
                  <li><a href="/a">Mexican restaurant reopens with a new menu</a></li>
                  <li><a href="/b">Red-billed gulls gather at the Yitong River</a></li></ul></section>
              </main>
              <aside class="sidebar"><h3>Archives</h3><ul><li><a href="/2025/07">July 2025 (1328)</a></li></ul></aside>
              <footer>© 2024 Capital Cities. All rights reserved.</footer>
            </body>
            </html>
            """.formatted(PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3);

    private final JsoupArticleExtractor extractor = new JsoupArticleExtractor();

    @Test
    void keepsParagraphsListsAndTablesSeparatedByBlankLinesAndDropsPageFurniture() {
        ExtractedArticle article = extractor.extract(NEWS_PAGE.getBytes(StandardCharsets.UTF_8), "page.html");

        assertThat(article.text()).startsWith(PARAGRAPH_1 + "\n\n" + PARAGRAPH_2 + "\n\n")
                .contains("\n\nOutcomes\n\n")
                .contains("- Joint exercises in the autumn, with every member taking part.\n\n- A task force")
                .contains("Russia | Joint anti-terrorism drills\n\nIndia | Cybersecurity protocols")
                .endsWith(PARAGRAPH_3);
        assertThat(article.text()).doesNotContain("cookies", "Home", "Share on", "Related Posts", "Mexican",
                "Archives", "All rights reserved", "secret-tracker-id", "font-family");
    }

    @Test
    void metadataComesFromJsonLdBeforeMetaTags() {
        ExtractedArticle article = extractor.extract(NEWS_PAGE.getBytes(StandardCharsets.UTF_8), "page.html");

        assertThat(article.title()).contains("Ministers meet in Qingdao");
        assertThat(article.author()).contains("Caleb Wilson, Ana Souza");
        assertThat(article.published()).contains(OffsetDateTime.of(2025, 6, 26, 9, 30, 0, 0, ZoneOffset.ofHours(8)));
        assertThat(article.language()).contains("en-GB");
    }

    @Test
    void metaTagsAndVisibleBylineServeWhenThereIsNoJsonLd() {
        String page = """
                <html><head><title>Storm closes the northern port for a week - The Harbour Times</title>
                <meta property="article:published_time" content="2024-03-05T17:00:00Z"></head>
                <body><article><p class="byline">By Jane Doe</p>
                <p>%s</p><p>%s</p><p>%s</p></article></body></html>
                """.formatted(PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3);

        ExtractedArticle article = extractor.extract(page.getBytes(StandardCharsets.UTF_8), "p.html");

        assertThat(article.title()).contains("Storm closes the northern port for a week");
        assertThat(article.author()).contains("Jane Doe");
        assertThat(article.published()).contains(OffsetDateTime.of(2024, 3, 5, 17, 0, 0, 0, ZoneOffset.UTC));
        assertThat(article.text()).doesNotContain("Jane Doe");
    }

    @Test
    void publicationDateFallsBackToTimeElementsAndVisibleDatelines() {
        String withTime = "<html><body><article><time datetime=\"2023-11-02T08:00:00Z\">2 Nov</time><p>" + PARAGRAPH_1
                + "</p></article></body></html>";
        String withDateline = "<html><body><article><span class=\"post-date\">Posted March 4, 2024</span><p>"
                + PARAGRAPH_1 + "</p></article></body></html>";

        assertThat(extractor.extract(withTime.getBytes(StandardCharsets.UTF_8), "t.html").published())
                .contains(OffsetDateTime.of(2023, 11, 2, 8, 0, 0, 0, ZoneOffset.UTC));
        assertThat(extractor.extract(withDateline.getBytes(StandardCharsets.UTF_8), "d.html").published())
                .contains(OffsetDateTime.of(2024, 3, 4, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void absentMetadataIsEmptyNotGuessed() {
        String page = "<html><body><div><p>" + PARAGRAPH_1 + "</p></div></body></html>";

        ExtractedArticle article = extractor.extract(page.getBytes(StandardCharsets.UTF_8), "p.html");

        assertThat(article.title()).isEmpty();
        assertThat(article.author()).isEmpty();
        assertThat(article.published()).isEmpty();
        assertThat(article.language()).contains("en"); // detected from the text
        assertThat(article.text()).isEqualTo(PARAGRAPH_1);
    }

    @Test
    void languageIsDetectedFromTheTextWhenThePageDoesNotDeclareIt() {
        String french = "<html><body><article><p>Les ministres de la défense se sont réunis à Qingdao pour discuter "
                + "de la sécurité régionale et de la lutte contre le terrorisme, et ils ont promis une coopération plus "
                + "étroite dans les mois qui viennent.</p></article></body></html>";
        String german = "<html><body><article><p>Die Verteidigungsminister haben sich in Qingdao getroffen, um über die "
                + "regionale Sicherheit und den Kampf gegen den Terrorismus zu sprechen, und sie wollen auch im Herbst "
                + "wieder zusammenkommen.</p></article></body></html>";
        String russian = "<html><body><article><p>Министры обороны встретились в Циндао, чтобы обсудить региональную "
                + "безопасность и борьбу с терроризмом, и это была уже двадцать вторая такая встреча, которая также "
                + "прошла в дружеской обстановке.</p></article></body></html>";
        String chinese = "<html><body><article><p>上海合作组织成员国国防部长第二十二次会议在青岛举行，各方就地区安全形势和防务合作深入交换意见。</p>"
                + "</article></body></html>";

        assertThat(extractor.extract(french.getBytes(StandardCharsets.UTF_8), "f.html").language()).contains("fr");
        assertThat(extractor.extract(german.getBytes(StandardCharsets.UTF_8), "d.html").language()).contains("de");
        assertThat(extractor.extract(russian.getBytes(StandardCharsets.UTF_8), "r.html").language()).contains("ru");
        assertThat(extractor.extract(chinese.getBytes(StandardCharsets.UTF_8), "z.html").language()).contains("zh");
    }

    @Test
    void readsLegacyEncodingsDeclaredInTheMetaTag() {
        String page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
                + "</head><body><article><p>Министры обороны встретились в Циндао, чтобы обсудить безопасность, и это "
                + "была уже двадцать вторая встреча.</p></article></body></html>";

        ExtractedArticle article = extractor.extract(page.getBytes(Charset.forName("windows-1251")), "ru.html");

        assertThat(article.text()).startsWith("Министры обороны встретились в Циндао");
    }

    @Test
    void honoursByteOrderMarks() {
        String page = "<html><body><article><p>" + PARAGRAPH_1 + "</p></article></body></html>";
        byte[] utf16 = page.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);

        assertThat(extractor.extract(withBom, "bom.html").text()).isEqualTo(PARAGRAPH_1);
        assertThat(extractor.extract(page.getBytes(StandardCharsets.UTF_16BE), "nobom.html").text()).isEqualTo(PARAGRAPH_1);
        byte[] utf8 = page.getBytes(StandardCharsets.UTF_8);
        byte[] utf8Bom = new byte[utf8.length + 3];
        utf8Bom[0] = (byte) 0xEF;
        utf8Bom[1] = (byte) 0xBB;
        utf8Bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, utf8Bom, 3, utf8.length);
        assertThat(extractor.extract(utf8Bom, "bom8.html").text()).isEqualTo(PARAGRAPH_1);
    }

    @Test
    void undeclaredBytesThatAreNotUtf8AreReadAsWindows1252AndAStaleDeclarationLosesToValidUtf8() {
        String text = "Café déjà vu: the naïve façade of a résumé, as “quoted” — with a long enough sentence here.";
        String page = "<html><body><article><p>" + text + "</p></article></body></html>";
        String stale = "<html><head><meta charset=\"gb2312\"></head><body><article><p>" + text + "</p></article></body></html>";

        assertThat(extractor.extract(page.getBytes(Charset.forName("windows-1252")), "a.html").text()).isEqualTo(text);
        assertThat(extractor.extract(stale.getBytes(StandardCharsets.UTF_8), "b.html").text()).isEqualTo(text);
    }

    @Test
    void acceptsGzipInput() throws IOException {
        ExtractedArticle plain = extractor.extract(NEWS_PAGE.getBytes(StandardCharsets.UTF_8), "page.html");

        ExtractedArticle gz = extractor.extract(gzip(NEWS_PAGE.getBytes(StandardCharsets.UTF_8)), "page.html.gz");

        assertThat(gz).isEqualTo(plain);
    }

    @Test
    void refusesEmptyBinaryAndBrokenGzipInputWithAReason() throws IOException {
        byte[] gz = gzip(NEWS_PAGE.getBytes(StandardCharsets.UTF_8));
        byte[] truncated = Arrays.copyOf(gz, gz.length / 2);
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31 % 7);
        }

        assertThatThrownBy(() -> extractor.extract(new byte[0], "empty.html"))
                .isInstanceOf(UnreadableArticleException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> extractor.extract(truncated, "cut.html.gz"))
                .isInstanceOf(UnreadableArticleException.class).hasMessageContaining("gzip");
        assertThatThrownBy(() -> extractor.extract(binary, "x.bin"))
                .isInstanceOf(UnreadableArticleException.class).hasMessageContaining("binary");
    }

    @Test
    void deeplyNestedMarkupDoesNotOverflowTheStack() {
        String page = "<html><body>" + "<div><span>".repeat(20_000) + PARAGRAPH_1 + "</span></div>".repeat(20_000)
                + "</body></html>";

        ExtractedArticle article = extractor.extract(page.getBytes(StandardCharsets.UTF_8), "deep.html");

        assertThat(article.text()).contains("Qingdao");
    }

    @Test
    void aShortPageIsNotCutToNothing() {
        String page = "<html><body><div class=\"sidebar\"><p>Only this short note, with a comma.</p></div></body></html>";

        assertThat(extractor.extract(page.getBytes(StandardCharsets.UTF_8), "short.html").text())
                .isEqualTo("Only this short note, with a comma.");
    }

    @Test
    void articleBodyFromJsonLdIsUsedWhenTheMarkupHoldsOnlyATeaser() {
        String body = (PARAGRAPH_1 + "\n" + PARAGRAPH_2 + "\n" + PARAGRAPH_3 + "\n").repeat(3);
        String page = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":"
                + "\"" + body.replace("\n", "\\n") + "\"}</script></head><body><div id=\"app\"><p>Loading the story, "
                + "please wait.</p></div></body></html>";

        ExtractedArticle article = extractor.extract(page.getBytes(StandardCharsets.UTF_8), "spa.html");

        assertThat(article.text()).startsWith(PARAGRAPH_1 + "\n\n" + PARAGRAPH_2).doesNotContain("Loading");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
