package org.entente.console.web;

import java.util.Map;
import java.util.function.Supplier;

import org.entente.briefing.Briefings;
import org.entente.coordination.CoordinationException;
import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;

/**
 * How the coordination and task-force pages call their modules: a record the caller may not see (or
 * that does not exist) becomes the console's one 404 page, bad input a 400 page, so no module exception
 * reaches the generic "something went wrong" handler and no message names what exists.
 */
final class CoordinationCalls {

    private CoordinationCalls() {
    }

    static <T> T read(Supplier<T> call) {
        try {
            return call.get();
        } catch (CoordinationException.NotFound | Briefings.NotFound e) {
            throw ConsolePageException.notFound();
        } catch (CoordinationException.InvalidInput e) {
            throw ConsolePageException.badRequest(e.getMessage());
        }
    }

    /** A request body for the modules' JSON-taking APIs, built from form fields (never parsed from text). */
    static JsonNode body(Map<String, ?> fields) {
        return StixJson.MAPPER.valueToTree(fields);
    }

    /** A record's numeric id from a path segment: anything else is simply not found. */
    static long id(String segment) {
        try {
            long id = Long.parseLong(segment);
            if (id < 1) {
                throw ConsolePageException.notFound();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ConsolePageException.notFound();
        }
    }
}
