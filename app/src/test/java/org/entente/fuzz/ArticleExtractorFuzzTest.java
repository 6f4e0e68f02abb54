package org.entente.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.entente.osint.extract.ArticleExtractor;
import org.entente.osint.extract.ExtractedArticle;
import org.entente.osint.extract.JsoupArticleExtractor;
import org.entente.osint.extract.UnreadableArticleException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the OSINT article extractor through its interface: any fetched bytes either give an article
 * or the documented {@link UnreadableArticleException}; any other exception is a crash. The one line
 * naming the implementation is {@link #EXTRACTOR}, so the real extractor is fuzzed when it replaces the
 * placeholder. Seed corpus: ArticleExtractorFuzzTestInputs/.
 */
class ArticleExtractorFuzzTest {

    static final ArticleExtractor EXTRACTOR = new JsoupArticleExtractor();
    private static final String[] SOURCES = {"report.html", "feed.txt", "https://news.example.test/a/1", "", "x.HTM", "noext"};

    @FuzzTest(maxDuration = "30s")
    void anyBytesGiveAnArticleOrTheDocumentedRefusal(FuzzedDataProvider data) {
        String source = SOURCES[data.consumeInt(0, SOURCES.length - 1)];
        byte[] content = data.consumeRemainingAsBytes();
        try {
            ExtractedArticle article = EXTRACTOR.extract(content, source);
            assertThat(article).isNotNull();
        } catch (UnreadableArticleException refused) {
            // documented
        }
    }
}
