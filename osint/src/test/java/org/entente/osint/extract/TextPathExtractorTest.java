package org.entente.osint.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Plain text scraped off a page: the line path keeps the article's run of lines and drops the rest. */
class TextPathExtractorTest {

    private static final String P1 = "Flooding closed the northern port on Monday, and the harbour authority said it "
            + "expected ships to be diverted to the southern terminal for at least a week while the damage is assessed.";
    private static final String P2 = "Local officials, speaking after an emergency meeting, said no injuries had been "
            + "reported, although several warehouses near the quay were under more than a metre of water by the evening.";
    private static final String P3 = "The national weather service warned that more rain was forecast for Wednesday, "
            + "and residents of low-lying districts were advised to move vehicles and valuables to higher ground.";

    static final String SCRAPE = """
            Monday, March 4, 2024
              • Home
              • World
              • Business
              • Contact Us
            Search
            Harbour Times
            Storm floods northern port as rain continues

            by Jane Doe
            March 4, 2024
            Share on FacebookShare on Twitter

            %s

            %s

            What happens next
              • Ships diverted to the southern terminal.
              • Damage assessment expected within days.

            %s

            Tags: flooding port weather
            ShareTweetPin
            Previous Post
            Airline adds routes to the islands for the summer season
            Related Posts
            Bakery opens second shop in the old town centre
            by John Roe
            March 3, 2024
            Tags
            Africa (288) aviation (240) Brazil (285) China (2148) climate (251)
            © 2024 Harbour Times
            This website uses cookies. By continuing to use this website you are giving consent to cookies being used.
            """.formatted(P1, P2, P3);

    private final JsoupArticleExtractor extractor = new JsoupArticleExtractor();

    @Test
    void keepsTheArticleRunWithItsHeadingsAndListItems() {
        ExtractedArticle article = extractor.extract(SCRAPE.getBytes(StandardCharsets.UTF_8), "scrape.txt");

        assertThat(article.text()).isEqualTo(P1 + "\n\n" + P2 + "\n\nWhat happens next\n\n"
                + "- Ships diverted to the southern terminal.\n\n- Damage assessment expected within days.\n\n" + P3);
    }

    @Test
    void findsHeadlineBylineAndPublicationDateAboveTheArticle() {
        ExtractedArticle article = extractor.extract(SCRAPE.getBytes(StandardCharsets.UTF_8), "scrape.txt");

        assertThat(article.title()).contains("Storm floods northern port as rain continues");
        assertThat(article.author()).contains("Jane Doe");
        assertThat(article.published().map(d -> d.toLocalDate())).contains(LocalDate.of(2024, 3, 4));
        assertThat(article.language()).contains("en");
    }

    @Test
    void aTableOfContentsRepeatingTheHeadingsIsDropped() {
        String scrape = "Table of Contents\nToggle\n  • Background\n  • What happens next\n\nBackground\n\n" + P1
                + "\n\nWhat happens next\n\n" + P2 + "\n";

        ExtractedArticle article = extractor.extract(scrape.getBytes(StandardCharsets.UTF_8), "toc.txt");

        assertThat(article.text()).isEqualTo("Background\n\n" + P1 + "\n\nWhat happens next\n\n" + P2);
    }

    @Test
    void textWithAngleBracketsIsNotMistakenForHtml() {
        String text = "If x < y and y > z then the order holds, as the report's appendix argues at some length "
                + "in plain words that any reader can follow without any markup at all.";

        ExtractedArticle article = extractor.extract(text.getBytes(StandardCharsets.UTF_8), "note.txt");

        assertThat(article.text()).isEqualTo(text);
    }

    @Test
    void furnitureOnlyTextGivesAnEmptyArticle() {
        String scrape = "Home\nWorld\nContact\nThis website uses cookies. By continuing you accept cookies.\n© 2024 Site\n";

        ExtractedArticle article = extractor.extract(scrape.getBytes(StandardCharsets.UTF_8), "menu.txt");

        assertThat(article.text()).isEmpty();
        assertThat(article.language()).isEmpty();
    }
}
