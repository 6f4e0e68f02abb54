package org.entente.osint.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.entente.osint.extract.ExtractedArticle;

/**
 * Everything the analysis derives from one extracted article, in one pass over its text: fingerprint,
 * entities, claims and the profile event grouping needs. Thread-safe; the gazetteer is shared.
 */
public final class ArticleAnalyser {

    /** The analysis of one article. */
    public record Analysis(String source, Fingerprint fingerprint, ArticleEntities entities, List<Claim> claims,
                           ArticleProfile profile) {
    }

    private final EntityExtractor entities;
    private final ClaimExtractor claims = new ClaimExtractor();

    public ArticleAnalyser(Gazetteer gazetteer) {
        this.entities = new EntityExtractor(gazetteer);
    }

    public ArticleAnalyser() {
        this(Gazetteer.standard());
    }

    public Analysis analyse(String source, ExtractedArticle article) {
        // Offsets (claims, mentions) are into the article's text as extracted, which the node stores as is.
        return analyse(source, article.text(), article.published().map(p -> p.toLocalDate()));
    }

    public Analysis analyse(String source, String text, Optional<LocalDate> published) {
        Fingerprint fingerprint = NearDuplicates.fingerprint(text);
        ArticleEntities found = entities.extract(text);
        List<Claim> claimed = claims.extract(source, text, found);
        ArticleProfile profile = new ArticleProfile(source, EventGrouper.weights(found, text),
                EventGrouper.dates(published, found), fingerprint);
        return new Analysis(source, fingerprint, found, claimed, profile);
    }
}
