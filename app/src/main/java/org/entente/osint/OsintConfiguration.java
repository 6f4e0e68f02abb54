package org.entente.osint;

import org.entente.osint.analysis.ArticleAnalyser;
import org.entente.osint.analysis.Gazetteer;
import org.entente.osint.extract.ArticleExtractor;
import org.entente.osint.extract.JsoupArticleExtractor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OSINT library's pieces as beans: one extractor and one analyser (with its gazetteer) for the node. */
@Configuration(proxyBeanMethods = false)
class OsintConfiguration {

    @Bean
    ArticleExtractor osintArticleExtractor() {
        return new JsoupArticleExtractor();
    }

    @Bean
    ArticleAnalyser osintArticleAnalyser() {
        return new ArticleAnalyser(Gazetteer.standard());
    }
}
