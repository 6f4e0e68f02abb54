package org.entente.identity;

import org.entente.community.AuthenticatedEndpoint;
import java.util.List;

import org.entente.community.Caller;
import org.entente.community.Permission;
import org.entente.community.PublicEndpoint;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's front door: the sign-in page ({@code POST /login} and {@code POST /logout} are
 * handled by Spring Security) and {@code /console/session}, which tells the console who is signed in
 * and the CSRF token its state-changing requests must carry. The console itself (home page and
 * everything behind it) is the {@code console} module. The sign-in page has no script and only the
 * console's stylesheet (the Content-Security-Policy forbids inline scripts and styles anyway).
 */
@RestController
class ConsoleController {

    /**
     * @param csrf where to put the token: header {@code headerName} (scripts) or form field {@code parameterName}
     */
    record Session(String username, long organisation, long participant, String tier, List<String> permissions, Csrf csrf) {
    }

    record Csrf(String headerName, String parameterName, String token) {
    }

    @PublicEndpoint(because = "the sign-in page is where unauthenticated people go")
    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout, CsrfToken csrf) {
        String message = error != null ? PasswordAuthenticationProvider.REFUSED
                : logout != null ? "You have signed out." : null;
        return page("Sign in", (message == null ? "" : "<p role=\"alert\" class=\"notice\">" + escape(message) + "</p>\n") + """
                <form method="post" action="/login">
                  <p><label for="username">Username</label><br>
                     <input id="username" name="username" autocomplete="username" required autofocus></p>
                  <p><label for="password">Password</label><br>
                     <input id="password" name="password" type="password" autocomplete="current-password" required></p>
                  <input type="hidden" name="%s" value="%s">
                  <p><button type="submit">Sign in</button></p>
                </form>
                """.formatted(escape(csrf.getParameterName()), escape(csrf.getToken())));
    }

    @AuthenticatedEndpoint(because = "it only describes the caller's own session")
    @GetMapping(path = "/console/session", produces = MediaType.APPLICATION_JSON_VALUE)
    Session session(Caller caller, CsrfToken csrf) {
        return new Session(caller.username(), caller.organisation().value(), caller.participant().value(), caller.tier().code(),
                caller.permissions().stream().map(Permission::code).sorted().toList(),
                new Csrf(csrf.getHeaderName(), csrf.getParameterName(), csrf.getToken()));
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="stylesheet" href="/assets/console.css">
                </head>
                <body class="signin">
                <header class="site-header"><span class="brand">Entente</span></header>
                <main id="main" class="signin-main">
                <h1>%s</h1>
                %s</main>
                </body>
                </html>
                """.formatted(escape(title), escape(title), body);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
