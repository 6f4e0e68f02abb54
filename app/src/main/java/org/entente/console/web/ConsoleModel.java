package org.entente.console.web;

import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.node.BadParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every console page's layout needs (who is signed in, the navigation they may use, the CSRF
 * token htmx sends with every request), and errors rendered as readable pages: a problem detail's
 * status, title and detail, never an exception's internals.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleModel {

    private static final Logger log = LoggerFactory.getLogger(ConsoleModel.class);

    /** The header's "signed in as": the caller's own names only. */
    record Me(String username, String organisation, String participant, String tier) {
    }

    private final Community community;

    ConsoleModel(Community community) {
        this.community = community;
    }

    @ModelAttribute
    void layout(Model model, HttpServletRequest request) {
        model.addAllAttributes(layout(request));
    }

    /** The layout's attributes for the signed-in caller (none for an anonymous request). */
    private java.util.Map<String, Object> layout(HttpServletRequest request) {
        java.util.Map<String, Object> model = new java.util.HashMap<>();
        Caller caller = ConsolePages.caller();
        if (caller == null) {
            return model;
        }
        String organisation = community.organisation(caller.organisation()).map(Community.Organisation::name).orElse("");
        String participant = community.participants().stream().filter(p -> p.id().equals(caller.participant()))
                .map(Community.Participant::name).findFirst().orElse("");
        model.put("me", new Me(caller.username(), organisation, participant, caller.tier().code()));
        model.put("nav", Navigation.itemsFor(caller, request.getRequestURI()));
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
            // htmx sends this header with every request it makes (hx-headers on <body>): no script needed.
            model.put("csrfHeaders", JsonMapper.shared().writeValueAsString(Map.of(csrf.getHeaderName(), csrf.getToken())));
        }
        return model;
    }

    @ExceptionHandler
    ModelAndView page(ConsolePageException e, HttpServletRequest request) {
        return problem(e.status(), e.title(), e.getMessage(), null, request);
    }

    @ExceptionHandler
    ModelAndView badParameter(BadParameterException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Bad parameter", e.getMessage(), e.parameter(), request);
    }

    @ExceptionHandler
    ModelAndView refused(org.entente.intel.SharingRefused e, HttpServletRequest request) {
        return problem(HttpStatus.FORBIDDEN, "Not allowed", e.getMessage() + ".", null, request);
    }

    @ExceptionHandler
    ModelAndView tooLarge(org.springframework.web.multipart.MaxUploadSizeExceededException e, HttpServletRequest request) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "File too large",
                "The console takes files up to 256 MB; import larger ones with the command line (entente import).", "file", request);
    }

    @ExceptionHandler
    ModelAndView unexpected(RuntimeException e, HttpServletRequest request) {
        log.error("console page {} failed", request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "The page could not be shown. Nothing you submitted was lost if you were told it was stored.", null, request);
    }

    /** A full page (in the console's frame), or for htmx requests only the problem fragment (swapped where the result would have gone). */
    ModelAndView problem(HttpStatus status, String title, String detail, String parameter, HttpServletRequest request) {
        boolean fragment = request.getHeader("HX-Request") != null;
        ModelAndView mav = new ModelAndView(fragment ? "console/error :: problem" : "console/error");
        mav.setStatus(status);
        mav.addObject("problem", new Problem(status.value(), title, detail, parameter));
        if (!fragment) {
            // Exception handlers get no @ModelAttribute: the frame (header, navigation) is added here.
            mav.addAllObjects(layout(request));
        }
        return mav;
    }

    /** RFC 9457's fields that a reader needs. */
    record Problem(int status, String title, String detail, String parameter) {
    }
}
