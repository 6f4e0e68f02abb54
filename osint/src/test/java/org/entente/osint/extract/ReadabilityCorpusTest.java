package org.entente.osint.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * Regression floor on the Mozilla Readability test pages (../shared): mean word-level F1 of the main text against
 * expected.html and title accuracy against expected-metadata.json. The figures beside readability4j are in
 * docs/benchmarks.md (bench/run-osint-extract); these floors sit a little under what the extractor reached, so a
 * change that makes extraction worse fails the build.
 */
class ReadabilityCorpusTest {

    static final double MEAN_F1_FLOOR = 0.97;
    static final double TITLE_ACCURACY_FLOOR = 0.95;
    private static final Pattern TITLE = Pattern.compile("\"title\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final JsoupArticleExtractor extractor = new JsoupArticleExtractor();

    @Test
    void meanWordF1AndTitleAccuracyStayAboveTheFloor() throws IOException {
        List<Path> pages = SharedPages.readabilityPages();
        assumeFalse(pages.isEmpty(), "../shared/osint/readability-test-pages is not available");
        double f1Sum = 0;
        int titlesRight = 0;
        StringBuilder report = new StringBuilder();
        for (Path page : pages) {
            ExtractedArticle article = extractor.extract(Files.readAllBytes(page.resolve("source.html")), "source.html");
            String expected = Jsoup.parse(Files.readString(page.resolve("expected.html"), StandardCharsets.UTF_8)).text();
            WordF1.Score score = WordF1.score(article.text(), expected);
            f1Sum += score.f1();
            String expectedTitle = expectedTitle(page.resolve("expected-metadata.json"));
            boolean titleRight = sameTitle(article.title().orElse(""), expectedTitle);
            if (titleRight) {
                titlesRight++;
            }
            report.append(String.format(Locale.ROOT, "%-45s P=%.3f R=%.3f F1=%.3f title=%s%n", page.getFileName(),
                    score.precision(), score.recall(), score.f1(),
                    titleRight ? "ok" : "'" + article.title().orElse("") + "' != '" + expectedTitle + "'"));
        }
        double meanF1 = f1Sum / pages.size();
        double titleAccuracy = (double) titlesRight / pages.size();
        System.out.print(report);
        System.out.printf(Locale.ROOT, "pages=%d meanF1=%.4f titleAccuracy=%.4f%n", pages.size(), meanF1, titleAccuracy);
        assertThat(meanF1).isGreaterThanOrEqualTo(MEAN_F1_FLOOR);
        assertThat(titleAccuracy).isGreaterThanOrEqualTo(TITLE_ACCURACY_FLOOR);
    }

    static String expectedTitle(Path metadata) throws IOException {
        Matcher m = TITLE.matcher(Files.readString(metadata, StandardCharsets.UTF_8));
        return m.find() ? unescape(m.group(1)) : "";
    }

    static boolean sameTitle(String a, String b) {
        return Titles.normalise(java.text.Normalizer.normalize(a, java.text.Normalizer.Form.NFKC))
                .equals(Titles.normalise(java.text.Normalizer.normalize(b, java.text.Normalizer.Form.NFKC)));
    }

    private static String unescape(String json) {
        Object parsed = MiniJson.parse("\"" + json + "\"");
        return parsed instanceof String s ? s : json;
    }
}
