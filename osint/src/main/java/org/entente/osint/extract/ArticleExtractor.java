package org.entente.osint.extract;

/**
 * Turns one fetched page (HTML, or plain text scraped from HTML) into an {@link ExtractedArticle}.
 * Implementations are thread-safe and never touch the network.
 */
public interface ArticleExtractor {

    /**
     * @param content    the page's bytes as fetched, in whatever encoding the page used (detected from a BOM,
     *                   the {@code <meta charset>}, or the bytes themselves); gzip input is already inflated
     * @param sourceName where the page came from (file name or URL), used only for messages and to tell HTML
     *                   from plain text when the bytes do not
     * @throws UnreadableArticleException when the bytes cannot be read as a document at all
     */
    ExtractedArticle extract(byte[] content, String sourceName);
}
