package org.entente.briefing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** A briefing's PDF keeps the community's names in their own scripts, not as '#' or blanks. */
class BriefingRendererTest {

    private final BriefingRenderer renderer = new BriefingRenderer();

    @Test
    void cyrillicKazakhGreekAndTurkishNamesSurviveIntoThePdfText() throws IOException {
        List<String> names = List.of("Андрей Белоусов", "Қазақстан барлау қызметі", "Ελληνική ομάδα", "Türkiye Ğıda İşleri",
                "Dong Jun");
        Map<String, List<BriefingRenderer.Item>> sections = new LinkedHashMap<>();
        sections.put("threat-actor", names.stream()
                .map(n -> new BriefingRenderer.Item("threat-actor--" + java.util.UUID.randomUUID(), n, "Описание: " + n,
                        "[ipv4-addr:value = '203.0.113.7'] Ж"))
                .toList());
        BriefingRenderer.Model model = new BriefingRenderer.Model("Брифинг рабочей группы", "Антитеррор", "2026-11-01T00:00:00Z",
                "2026-11-08T00:00:00Z", "2026-11-08T00:00:01Z", "report--" + java.util.UUID.randomUUID(),
                Map.of("threat-actor", names.size()), sections);

        byte[] pdf = renderer.pdf(renderer.html(model));

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains(names).contains("Брифинг рабочей группы").contains("Антитеррор").contains("Описание");
            List<String> fonts = new java.util.ArrayList<>();
            for (org.apache.pdfbox.cos.COSName f : doc.getPage(0).getResources().getFontNames()) {
                PDFont font = doc.getPage(0).getResources().getFont(f);
                fonts.add(font.getName());
            }
            assertThat(fonts).as("embedded subsets of the bundled fonts").anySatisfy(f -> assertThat(f).contains("DejaVuSans"));
        }
    }
}
