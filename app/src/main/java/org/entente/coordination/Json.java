package org.entente.coordination;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Reading request bodies with errors that name the JSON pointer of the offending value. */
final class Json {

    private Json() {
    }

    static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new CoordinationException.InvalidInput("", "the body must be a JSON object");
        }
        return body;
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (!v.isString() || v.stringValue().isBlank()) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' is required (a non-empty string)");
        }
        if (v.stringValue().length() > 100_000) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' is longer than 100,000 characters");
        }
        return v.stringValue();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' must be a string");
        }
        return v.stringValue();
    }

    static long id(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' is required (an id)");
        }
        return v.longValue();
    }

    static Long optionalId(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isMissingNode() || v.isNull() ? null : id(body, field);
    }

    static int integer(JsonNode body, String field, int min) {
        JsonNode v = body.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' is required (an integer of at least " + min + ")");
        }
        return v.intValue();
    }

    static java.math.BigDecimal positive(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (!v.isNumber() || v.decimalValue().signum() <= 0) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' is required (a positive number)");
        }
        return v.decimalValue();
    }

    static LocalDate date(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (!v.isString()) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' is required (a date, e.g. 2025-06-26)");
        }
        try {
            return LocalDate.parse(v.stringValue());
        } catch (DateTimeParseException e) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' must be a date like 2025-06-26, not '"
                    + v.stringValue() + "'");
        }
    }

    static List<Long> ids(JsonNode body, String field, boolean required) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' is required (a list of ids)");
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' must be a list of ids");
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToLong()) {
                throw new CoordinationException.InvalidInput("/" + field + "/" + i, "must be an id");
            }
            out.add(e.longValue());
        }
        if (required && out.isEmpty()) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' must not be empty");
        }
        return out;
    }

    static List<String> texts(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new CoordinationException.InvalidInput("/" + field, "'" + field + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isString() || v.get(i).stringValue().isBlank()) {
                throw new CoordinationException.InvalidInput("/" + field + "/" + i, "must be a non-empty string");
            }
            out.add(v.get(i).stringValue());
        }
        return out;
    }
}
