package org.entente.osint.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed scrape (../shared/seeds/000_…): the article's text, scraped with the site's menus, related posts, tag
 * cloud, archive list and cookie notice, must come out as the clean text (001_…) of the same article.
 */
class ScrapedSeedTest {

    private final JsoupArticleExtractor extractor = new JsoupArticleExtractor();

    @Test
    void scrapedPageExtractsToTheCleanArticleWithWordF1AtLeast097() throws IOException {
        Optional<Path> scraped = SharedPages.seed("000_");
        Optional<Path> clean = SharedPages.seed("001_");
        assumeTrue(scraped.isPresent() && clean.isPresent(), "../shared/seeds is not available");

        ExtractedArticle article = extractor.extract(Files.readAllBytes(scraped.get()), scraped.get().getFileName().toString());
        WordF1.Score score = WordF1.score(article.text(), Files.readString(clean.get()));
        System.out.println("seed 000 vs 001: " + score);

        assertThat(score.f1()).isGreaterThanOrEqualTo(0.97);
        assertThat(article.text()).doesNotContainIgnoringCase("cookie").doesNotContain("Related Posts")
                .doesNotContain("Archives").doesNotContain("Previous Post");
    }

    @Test
    void scrapedPageYieldsHeadlineBylineDateAndLanguage() throws IOException {
        Optional<Path> scraped = SharedPages.seed("000_");
        assumeTrue(scraped.isPresent(), "../shared/seeds is not available");

        ExtractedArticle article = extractor.extract(Files.readAllBytes(scraped.get()), "000.txt");

        assertThat(article.title()).contains("SCO Defense Ministers Gather in Qingdao for Pivotal Strategic Talks");
        assertThat(article.author()).contains("Caleb Wilson");
        // the page header carries the scrape date (January 2026); the byline's date is the publication date
        assertThat(article.published().map(d -> d.toLocalDate())).contains(LocalDate.of(2025, 7, 15));
        assertThat(article.language()).contains("en");
    }

    @Test
    void cleanTextPassesThroughNearlyUnchanged() throws IOException {
        Optional<Path> clean = SharedPages.seed("001_");
        assumeTrue(clean.isPresent(), "../shared/seeds is not available");
        String text = Files.readString(clean.get());

        ExtractedArticle article = extractor.extract(Files.readAllBytes(clean.get()), "001.txt");

        assertThat(WordF1.f1(article.text(), text)).isGreaterThanOrEqualTo(0.97);
    }
}
