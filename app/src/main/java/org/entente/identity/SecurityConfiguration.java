package org.entente.identity;

import java.io.IOException;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Map;

import org.entente.audit.AuditAction;
import org.entente.audit.AuditEvent;
import org.entente.audit.AuditLog;
import org.entente.community.Community;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who a request comes from, by path:
 *
 * <ul>
 *   <li>{@code /api/**}: bearer tokens only, stateless. No CSRF protection is needed, because nothing
 *       is ambient: a browser never attaches a bearer token by itself.</li>
 *   <li>{@code /taxii2/**}: bearer tokens, or HTTP Basic with an API token as the password (for TAXII
 *       clients that only speak Basic), stateless. Basic credentials can be remembered by a browser,
 *       but every TAXII write needs a {@code application/taxii+json} body, which a cross-site form
 *       cannot send without a CORS preflight (and there is no CORS here).</li>
 *   <li>everything else (the console: {@code /}, {@code /console/**}, {@code /login}, {@code /logout}, and its
 *       public assets {@code /assets/**} and {@code /webjars/**}):
 *       username and password to a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, id
 *       changed at sign-in), with a CSRF token required on every state-changing request.</li>
 * </ul>
 *
 * Failed authentications on any of them count against the client's address, which is refused with 429
 * for a while after too many ({@link AuthenticationThrottle}).
 * All three resolve to a {@link org.entente.community.Caller} principal; which permission each endpoint
 * needs is declared on the endpoint and enforced by {@link PermissionInterceptor}. Paths not listed are denied.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String SESSION_COOKIE = "JSESSIONID";
    static final String API_CHALLENGE = "Bearer realm=\"entente\"";
    static final String TAXII_BASIC_CHALLENGE = "Basic realm=\"entente\", charset=\"UTF-8\"";
    /** Not a registered scheme: RFC 9110 wants a challenge on every 401, and this one says "sign in at /login". */
    static final String CONSOLE_CHALLENGE = "FormBased realm=\"entente\", action=\"/login\"";

    /**
     * The actuator: health and its liveness/readiness probes are public (an orchestrator probes them
     * without credentials; they say only UP or DOWN, no details), metrics need {@code metrics.read}
     * (a bearer token of a {@code monitor}), every other actuator path is denied.
     */
    @Bean
    @Order(0)
    SecurityFilterChain actuator(HttpSecurity http, ApiTokens tokens, AuthenticationThrottle throttle) throws Exception {
        return http.securityMatcher("/actuator/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new AuthenticationThrottleFilter(throttle, AuthenticationThrottleFilter::authorizationHeader),
                        CsrfFilter.class)
                .addFilterBefore(new TokenAuthenticationFilter(tokens, false, throttle), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAuthority(org.entente.community.Permission.METRICS_READ.code())
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> {
                            res.addHeader("WWW-Authenticate", API_CHALLENGE);
                            Problems.write(req, res, HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
                        })
                        .accessDeniedHandler(denied()))
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, AuthenticationThrottle throttle) throws Exception {
        return stateless(http.securityMatcher("/api/**"), tokens, false, throttle).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain taxii(HttpSecurity http, ApiTokens tokens, AuthenticationThrottle throttle) throws Exception {
        return stateless(http.securityMatcher("/taxii2/**"), tokens, true, throttle).build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, PasswordLogins logins, Community community, AuthenticationThrottle throttle)
            throws Exception {
        ContentNegotiationStrategy negotiation = new HeaderContentNegotiationStrategy();
        MediaTypeRequestMatcher browser = new MediaTypeRequestMatcher(negotiation, MediaType.TEXT_HTML);
        browser.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        LoginUrlAuthenticationEntryPoint toLoginPage = new LoginUrlAuthenticationEntryPoint("/login");
        AuthenticationEntryPoint entry = (req, res, ex) -> {
            if (browser.matches(req)) {
                toLoginPage.commence(req, res, ex);
            } else {
                unauthorized(req, res, CONSOLE_CHALLENGE, "Sign in at /login first.");
            }
        };
        SimpleUrlAuthenticationFailureHandler toErrorPage = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return http
                .securityMatcher("/**")
                .authenticationManager(new ProviderManager(new PasswordAuthenticationProvider(logins)))
                .csrf(csrf -> csrf.csrfTokenRepository(new HttpSessionCsrfTokenRepository()))
                .sessionManagement(s -> s
                        .sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(f -> f.changeSessionId()))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f
                        .loginPage("/login")
                        .loginProcessingUrl("/login")
                        .failureHandler((req, res, ex) -> {
                            throttle.failed(req.getRemoteAddr());
                            toErrorPage.onAuthenticationFailure(req, res, ex);
                        })
                        .defaultSuccessUrl("/", false))
                .logout(l -> l
                        .logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .deleteCookies(SESSION_COOKIE))
                // Before CSRF and the sign-in form's filter: a blocked address's sign-in is not checked at all.
                .addFilterBefore(new AuthenticationThrottleFilter(throttle, AuthenticationThrottleFilter::passwordSignIn),
                        CsrfFilter.class)
                .addFilterBefore(new SessionCallerRefresh(community), AnonymousAuthenticationFilter.class)
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self';"
                                + " style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none';"
                                + " form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/login", "/error").permitAll()
                        // The console's stylesheets and scripts (ours under /assets, libraries from WebJars):
                        // public files with nothing secret in them, needed by the sign-in page too.
                        .requestMatchers(HttpMethod.GET, "/assets/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers("/", "/console/**").authenticated()
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(entry)
                        .accessDeniedHandler(denied()))
                .build();
    }

    private static HttpSecurity stateless(HttpSecurity http, ApiTokens tokens, boolean acceptBasic, AuthenticationThrottle throttle)
            throws Exception {
        return http
                .csrf(csrf -> csrf.disable()) // see the class comment: no ambient credentials
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new AuthenticationThrottleFilter(throttle, AuthenticationThrottleFilter::authorizationHeader),
                        CsrfFilter.class)
                .addFilterBefore(new TokenAuthenticationFilter(tokens, acceptBasic, throttle), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        // Error and async re-dispatches carry no credentials; the original request was checked.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> {
                            String error = req.getAttribute(TokenAuthenticationFilter.INVALID_CREDENTIAL) != null
                                    ? ", error=\"invalid_token\"" : "";
                            res.addHeader("WWW-Authenticate", API_CHALLENGE + error);
                            if (acceptBasic) {
                                res.addHeader("WWW-Authenticate", TAXII_BASIC_CHALLENGE);
                            }
                            Problems.write(req, res, HttpStatus.UNAUTHORIZED, acceptBasic
                                    ? "A valid API token is required: as a bearer token, or as the password of HTTP Basic."
                                    : "A valid bearer token is required.");
                        })
                        .accessDeniedHandler(denied()));
    }

    private static AccessDeniedHandler denied() {
        return (req, res, ex) -> Problems.write(req, res, HttpStatus.FORBIDDEN, ex instanceof CsrfException
                ? "A valid CSRF token is required for this request (header X-CSRF-TOKEN or form field _csrf)."
                : "Access to this resource is denied.");
    }

    private static void unauthorized(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res, String challenge,
                                     String detail) throws IOException {
        res.addHeader("WWW-Authenticate", challenge);
        Problems.write(req, res, HttpStatus.UNAUTHORIZED, detail);
    }

    /**
     * Failed authentications per client address, shared by all four chains (see {@link AuthenticationThrottle}).
     * Blocking an address is audited once ({@code AUTHENTICATION_THROTTLED}, subject: the address or IPv6
     * /64), not each refused request. The clock is the context's {@link InstantSource} if it has one (tests).
     */
    @Bean
    AuthenticationThrottle authenticationThrottle(IdentityProperties settings, AuditLog audit, ObjectProvider<InstantSource> clock) {
        return new AuthenticationThrottle(settings.throttleFailures(), settings.throttleWindow(),
                clock.getIfUnique(InstantSource::system), blocked -> {
                    log.warn("authentication from {} refused for {} after {} failures", blocked.address(), blocked.window(),
                            blocked.failures());
                    try {
                        audit.recordIndependently(new AuditEvent(null, AuditAction.AUTHENTICATION_THROTTLED, blocked.address(),
                                Map.of("address", blocked.address(), "failures", blocked.failures(),
                                        "blockedFor", blocked.window().toString())));
                    } catch (RuntimeException e) {
                        // The block holds whether or not it could be recorded; the 401 being answered must not become a 500.
                        log.error("could not audit the throttling of {}", blocked.address(), e);
                    }
                });
    }

    /**
     * No Micrometer observations of Spring Security's own filters, authentication and authorization:
     * with an observation registry present it wraps every filter of every chain in an observation of its
     * own (about a dozen per request), which profiling the TAXII load showed on every request (JFR, issue
     * 4). Requests stay observed as a whole (http.server.requests); denials are counted by the node's own
     * metrics.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /** The console session cookie: SameSite=Strict (Tomcat adds HttpOnly, and Secure when the request is HTTPS). */
    @Bean
    CookieSameSiteSupplier sessionCookieSameSite() {
        return CookieSameSiteSupplier.ofStrict().whenHasName(SESSION_COOKIE);
    }

    /** HttpOnly session cookies, and sessions by cookie only: never a session id in a URL. */
    @Bean
    ServletContextInitializer sessionCookies() {
        return context -> {
            context.getSessionCookieConfig().setHttpOnly(true);
            context.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
        };
    }
}
