package org.entente.taxii;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.entente.community.Caller;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.Rejection;
import org.entente.intel.StixStore;
import org.entente.intel.TaxiiQuery;
import org.entente.stix.StixJson;
import org.entente.stix.StixTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * POST of objects to a collection (TAXII 2.1 section 5.5), asynchronous: the envelope's objects are
 * streamed to a spool file while they are counted (never held whole in memory), the client gets 202 and
 * a pending status at once, and the store takes the file in the background, completing the status
 * object by object.
 */
@Service
public class TaxiiAdds {

    /** Advertised as the API root's max_content_length. */
    public static final long MAX_CONTENT_LENGTH = 100L << 20;

    private static final Logger log = LoggerFactory.getLogger(TaxiiAdds.class);

    private final StixStore store;
    private final TaxiiStatuses statuses;

    TaxiiAdds(StixStore store, TaxiiStatuses statuses) {
        this.store = store;
        this.statuses = statuses;
    }

    /** The body was larger than {@link #MAX_CONTENT_LENGTH}. */
    public static class TooLarge extends RuntimeException {
        public TooLarge() {
            super("the request is larger than the API root's max_content_length (" + MAX_CONTENT_LENGTH + " bytes)");
        }
    }

    /** The body is not a TAXII envelope (section 3.7): answered 400. */
    public static class NotAnEnvelope extends RuntimeException {
        NotAnEnvelope(String message, TokenStreamLocation where) {
            super(message + (where == null || where.getLineNr() < 1 ? ""
                    : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        }
    }

    /**
     * Reads the envelope's objects into a spool file (as a JSON array, which the store reads), counting
     * them, then completes the add in the background. The body must be an envelope: a JSON object whose
     * {@code objects} (if any) is an array; a bundle, a bare object or an array is refused, as is
     * anything after the envelope.
     */
    public TaxiiStatus add(Caller caller, TaxiiCollection collection, InputStream body) {
        Path spool;
        List<TaxiiStatus.Detail> pending = new ArrayList<>();
        try {
            spool = Files.createTempFile("entente-taxii-add-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(spool));
             JsonParser parser = StixJson.MAPPER.createParser(new Limited(body));
             JsonGenerator out = StixJson.MAPPER.createGenerator(file)) {
            out.writeStartArray();
            readEnvelope(parser, object -> {
                pending.add(detail(object));
                StixJson.MAPPER.writeTree(out, object);
            });
            out.writeEndArray();
        } catch (TooLarge | NotAnEnvelope e) {
            delete(spool);
            throw e;
        } catch (JacksonException e) {
            delete(spool);
            if (e.getCause() instanceof TooLarge tooLarge) {
                throw tooLarge;
            }
            throw new NotAnEnvelope("malformed JSON: " + e.getOriginalMessage(), e.getLocation());
        } catch (IOException | RuntimeException e) {
            delete(spool);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        TaxiiStatus status = statuses.open(caller, collection.id(), pending);
        ImportLabel label = new ImportLabel(caller, Optional.empty(), collection.writesAs().orElseThrow());
        Thread.ofVirtual().name("taxii-add-" + status.id())
                .start(() -> complete(status, label, collection.scope(), spool, pending));
        return status;
    }

    /** Streams the objects of an envelope (section 3.7) to {@code sink}, one at a time. */
    private static void readEnvelope(JsonParser parser, Consumer<JsonNode> sink) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new NotAnEnvelope("the body must be a TAXII envelope: a JSON object with an \"objects\" array",
                    parser.currentLocation());
        }
        boolean objects = false;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "objects" -> {
                    if (value != JsonToken.START_ARRAY || objects) {
                        throw new NotAnEnvelope("the envelope's \"objects\" must be one array of STIX objects",
                                parser.currentLocation());
                    }
                    objects = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        sink.accept(parser.readValueAsTree());
                    }
                }
                case "more", "next" -> parser.skipChildren();
                case "type", "id", "spec_version" -> throw new NotAnEnvelope("the body is a STIX " + (value == JsonToken.VALUE_STRING
                        && "bundle".equals(parser.getString()) ? "bundle" : "object")
                        + ", not a TAXII envelope: send {\"objects\": [...]}", parser.currentLocation());
                default -> parser.skipChildren(); // other properties are not ours to judge
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
            throw new NotAnEnvelope("unexpected content after the envelope", parser.currentLocation());
        }
    }

    private void complete(TaxiiStatus status, ImportLabel label, TaxiiQuery.Scope scope, Path spool,
                          List<TaxiiStatus.Detail> objects) {
        List<TaxiiStatus.Detail> successes = new ArrayList<>();
        List<TaxiiStatus.Detail> failures = new ArrayList<>();
        try (InputStream in = Files.newInputStream(spool)) {
            ImportSummary summary = store.ingest(in, label);
            Set<Integer> rejected = new HashSet<>();
            for (Rejection r : summary.rejected()) {
                rejected.add(r.index());
                TaxiiStatus.Detail d = objects.get(r.index());
                failures.add(new TaxiiStatus.Detail(d.id(), d.version(), String.join("; ",
                        r.reasons().stream().map(x -> x.rule() + " at " + x.pointer() + ": " + x.message()).toList())));
            }
            List<TaxiiStatus.Detail> stored = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                if (!rejected.contains(i)) {
                    stored.add(objects.get(i));
                }
            }
            // A version the store already held (same id and version) was not stored again. If another
            // organisation holds it, it is not in this collection: say so rather than report a success.
            Set<String> landed = inCollection(label.owner(), scope, stored);
            for (TaxiiStatus.Detail d : stored) {
                if (landed.contains(d.id() + "|" + versionKey(d.version()))) {
                    successes.add(d);
                } else {
                    failures.add(new TaxiiStatus.Detail(d.id(), d.version(), "this version of the object is already held"
                            + " by another organisation; it was not added to this collection"));
                }
            }
        } catch (RuntimeException | IOException e) {
            log.error("TAXII add {} failed", status.id(), e);
            successes.clear();
            failures.clear();
            objects.forEach(d -> failures.add(new TaxiiStatus.Detail(d.id(), d.version(),
                    "the store could not take this add; nothing of it was kept unless listed as a success")));
        } finally {
            delete(spool);
        }
        statuses.complete(status.id(), successes, failures);
    }

    /** Of {@code objects}, the id|version keys now in the collection for the caller. */
    private Set<String> inCollection(Caller caller, TaxiiQuery.Scope scope, List<TaxiiStatus.Detail> objects) {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < objects.size(); from += CHECK_CHUNK) {
            List<TaxiiStatus.Detail> chunk = objects.subList(from, Math.min(objects.size(), from + CHECK_CHUNK));
            List<String> ids = chunk.stream().map(TaxiiStatus.Detail::id).distinct().toList();
            Set<String> keys = new HashSet<>();
            chunk.forEach(d -> keys.add(versionKey(d.version())));
            Instant after = null;
            TaxiiQuery.Page page;
            do {
                page = store.taxiiManifest(caller, new TaxiiQuery(scope, null, after, ids, List.of(),
                        new TaxiiQuery.VersionMatch(false, false, false, keys), List.of(), CHECK_CHUNK));
                page.items().forEach(i -> found.add(i.id() + "|" + i.versionKey()));
                after = page.items().isEmpty() ? after : page.items().getLast().dateAdded();
            } while (page.more());
        }
        return found;
    }

    private static final int CHECK_CHUNK = 5_000;

    private static String versionKey(String version) {
        return StixTimestamp.tryParse(version).map(StixTimestamp::versionKey).orElse("");
    }

    private static TaxiiStatus.Detail detail(JsonNode o) {
        String id = o == null || !o.isObject() ? "" : o.path("id").asString("");
        String version = o == null || !o.isObject() ? "" : o.path("modified").asString(o.path("created").asString(""));
        return new TaxiiStatus.Detail(id, version, null);
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    /** Refuses to read more than the maximum. */
    private static final class Limited extends FilterInputStream {
        private long total;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            total += n;
            if (total > MAX_CONTENT_LENGTH) {
                throw new TooLarge();
            }
        }
    }
}
