package org.entente.federation.sync;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

import org.entente.community.Community;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Wiring of federation sync: the transport and the peer identity (plain HTTP for development and
 * tests until mutual TLS from federation-trust is wired in), and the security chain of
 * {@code /federation/**}, whose endpoints authenticate the peer themselves through
 * {@link PeerIdentityResolver} (no user tokens or sessions there).
 */
@Configuration
class FederationSyncConfiguration {

    static final String PARTICIPANT_HEADER = "X-Entente-Participant";

    @Bean
    @Order(0)
    SecurityFilterChain federation(HttpSecurity http) throws Exception {
        return http.securityMatcher("/federation/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean(PeerTransport.class)
    PeerTransport plainHttpTransport(Community community) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
        return new PeerTransport() {
            public HttpClient client() {
                return client;
            }

            public HttpRequest.Builder identify(HttpRequest.Builder request) {
                return request.header(PARTICIPANT_HEADER, community.home().name());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean(PeerIdentityResolver.class)
    PeerIdentityResolver headerPeerIdentity(@Value("${entente.federation.insecure-peer-header:false}") boolean trustHeader) {
        return request -> trustHeader ? Optional.ofNullable(request.getHeader(PARTICIPANT_HEADER)) : Optional.empty();
    }
}
