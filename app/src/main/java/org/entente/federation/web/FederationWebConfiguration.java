package org.entente.federation.web;

import java.util.List;

import org.entente.federation.FederationNode;
import org.entente.federation.PeerIdentity;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.DispatcherType;

/**
 * The federation port's request path: the port filter (first of all filters), a security chain of its own
 * for {@code /federation/**} (no tokens, no sessions, no CSRF: the peer is authenticated by TLS, and a
 * request without a {@link PeerIdentity} is answered 404), and {@link PeerIdentity} as a controller parameter.
 */
@Configuration(proxyBeanMethods = false)
class FederationWebConfiguration implements WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<FederationRequestFilter> federationRequestFilter(FederationNode node) {
        FilterRegistrationBean<FederationRequestFilter> bean = new FilterRegistrationBean<>(new FederationRequestFilter(node));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        bean.setDispatcherTypes(DispatcherType.REQUEST);
        bean.addUrlPatterns("/*");
        return bean;
    }

    @Bean
    @Order(0)
    SecurityFilterChain federation(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/federation/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .anyRequest().access((authentication, context) -> new AuthorizationDecision(
                                context.getRequest().getAttribute(PeerIdentity.REQUEST_ATTRIBUTE) instanceof PeerIdentity)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> FederationProblems.write(res, 404, "Not Found", "No such resource."))
                        .accessDeniedHandler((req, res, ex) -> FederationProblems.write(res, 404, "Not Found", "No such resource.")))
                .build();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == PeerIdentity.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                          WebDataBinderFactory binders) {
                if (request.getAttribute(PeerIdentity.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof PeerIdentity p) {
                    return p;
                }
                throw new IllegalStateException("no peer identity for " + parameter);
            }
        });
    }
}
