package org.entente.taxii.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the embedded server needs to speak TAXII 2.1 to every client. */
@Configuration(proxyBeanMethods = false)
class TaxiiServerConfiguration {

    /**
     * TAXII filters are named {@code match[id]}, {@code match[type]}, ... and many clients send the
     * brackets unencoded, as the specification writes them. Tomcat refuses those by default with a bare
     * HTML 400 before any TAXII code runs; accept them in query strings.
     */
    @Bean
    TomcatConnectorCustomizer taxiiQueryBrackets() {
        return connector -> {
            Object configured = connector.getProperty("relaxedQueryChars");
            String chars = configured == null ? "" : configured.toString();
            connector.setProperty("relaxedQueryChars", chars + (chars.contains("[") ? "" : "[") + (chars.contains("]") ? "" : "]"));
        };
    }
}
