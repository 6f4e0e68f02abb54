package org.entente.briefing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import tools.jackson.databind.JsonNode;

/**
 * Renders a briefing: HTML from the Thymeleaf template {@code briefing/briefing.html} (well-formed
 * XHTML, one inline style allowed by its hash, no script, no external asset), and PDF from that HTML
 * with openhtmltopdf (pure Java, no network). The PDF embeds subsets of DejaVu Sans and Sans Mono,
 * shipped in the jar ({@code briefing/fonts/}, Bitstream Vera licence): the PDF base-14 fonts know only
 * Latin-1, and a community's names are also Cyrillic, Kazakh, Greek, Turkish (Ğ, ı)... Chinese, Japanese
 * and Korean are not covered by DejaVu: their characters still come out as blanks.
 */
@Component
class BriefingRenderer {

    /** Sections in this order; other types after them, alphabetically. */
    static final List<String> ORDER = List.of("indicator", "sighting", "threat-actor", "intrusion-set", "campaign",
            "malware", "tool", "attack-pattern", "vulnerability", "course-of-action", "report", "relationship");
    static final Comparator<String> TYPE_ORDER = Comparator
            .comparingInt((String t) -> ORDER.contains(t) ? ORDER.indexOf(t) : ORDER.size()).thenComparing(t -> t);
    private static final int MAX_DESCRIPTION = 600;

    record Item(String id, String name, String description, String detail) {
    }

    record Model(String title, String taskForce, String from, String to, String created, String reportId,
                 Map<String, Integer> counts, Map<String, List<Item>> sections) {
    }

    private final TemplateEngine engine = new TemplateEngine();
    private final String css;
    private final String styleHash;

    BriefingRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("briefing/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        try (InputStream in = BriefingRenderer.class.getResourceAsStream("/briefing/briefing.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            styleHash = "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String styleHash() {
        return styleHash;
    }

    static Item item(JsonNode o) {
        String type = o.path("type").asString();
        String id = o.path("id").asString();
        String name = o.path("name").asString("");
        String detail = switch (type) {
            case "indicator" -> o.path("pattern").asString("");
            case "sighting" -> "sighting of " + o.path("sighting_of_ref").asString()
                    + (o.has("count") ? ", count " + o.path("count").asInt() : "");
            case "relationship" -> o.path("source_ref").asString() + " " + o.path("relationship_type").asString()
                    + " " + o.path("target_ref").asString();
            case "attack-pattern" -> {
                for (JsonNode ref : o.path("external_references")) {
                    if (ref.has("external_id")) {
                        yield ref.path("source_name").asString() + " " + ref.path("external_id").asString();
                    }
                }
                yield "";
            }
            default -> "";
        };
        String description = o.path("description").asString("");
        if (description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION) + " …";
        }
        return new Item(id, name.isEmpty() ? id : name, description, detail);
    }

    String html(Model model) {
        Context context = new Context();
        context.setVariable("m", model);
        context.setVariable("css", css);
        return engine.process("briefing", context);
    }

    byte[] pdf(String html) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            font(builder, "DejaVuSans.ttf", "DejaVu Sans", 400);
            font(builder, "DejaVuSans-Bold.ttf", "DejaVu Sans", 700);
            font(builder, "DejaVuSansMono.ttf", "DejaVu Sans Mono", 400);
            builder.withHtmlContent(html, "about:blank");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Registers a bundled font, read only if the document uses it, and embedded as a subset. */
    private static void font(PdfRendererBuilder builder, String file, String family, int weight) {
        builder.useFont(() -> {
            InputStream in = BriefingRenderer.class.getResourceAsStream("/briefing/fonts/" + file);
            if (in == null) {
                throw new IllegalStateException("the font briefing/fonts/" + file + " is missing from the node's jar");
            }
            return in;
        }, family, weight, com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle.NORMAL, true);
    }
}
