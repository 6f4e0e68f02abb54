package org.entente.osint.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Renders the article container as plain text: each paragraph, heading, list item and table row is one block,
 * blocks are separated by a blank line; list items start with "- ", table cells are joined with " | ", and
 * preformatted text keeps its line breaks.
 */
final class TextRenderer {

    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "header", "footer",
            "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "ul", "ol", "dl", "dt", "dd",
            "table", "thead", "tbody", "tfoot", "caption", "address", "hr", "details", "summary", "center", "aside",
            "nav", "form", "fieldset", "legend", "body", "html");
    private static final Set<String> SKIPPED = Set.of("script", "style", "noscript", "template", "head", "title",
            "svg", "button", "select", "textarea", "input", "iframe", "object", "embed");

    /** Beyond this nesting a subtree is flattened with jsoup's iterative text(), so hostile markup cannot
     *  overflow the stack. */
    private static final int MAX_DEPTH = 200;

    private final List<String> blocks = new ArrayList<>();
    private int depth;
    private final StringBuilder current = new StringBuilder();

    private TextRenderer() {
    }

    static String render(Element root) {
        TextRenderer r = new TextRenderer();
        r.walk(root);
        r.flush();
        return String.join("\n\n", r.blocks);
    }

    private void walk(Node node) {
        if (node instanceof TextNode t) {
            appendInline(t.getWholeText());
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        String tag = e.normalName();
        if (SKIPPED.contains(tag)) {
            return;
        }
        if (depth >= MAX_DEPTH) {
            appendInline(e.text());
            return;
        }
        depth++;
        try {
            walkElement(e, tag);
        } finally {
            depth--;
        }
    }

    private void walkElement(Element e, String tag) {
        switch (tag) {
            case "br" -> current.append('\n');
            case "pre" -> {
                flush();
                String text = e.wholeText().strip();
                if (!text.isEmpty()) {
                    blocks.add(text);
                }
            }
            case "li" -> {
                flush();
                current.append("- ");
                e.childNodes().forEach(this::walk);
                flush();
            }
            case "tr" -> {
                flush();
                List<String> cells = new ArrayList<>();
                for (Element cell : e.children()) {
                    String text = cellText(cell);
                    if (!text.isEmpty()) {
                        cells.add(text);
                    }
                }
                if (!cells.isEmpty()) {
                    blocks.add(String.join(" | ", cells));
                }
            }
            case "img" -> {
                // alt text is not article text
            }
            default -> {
                boolean block = BLOCKS.contains(tag);
                if (block) {
                    flush();
                }
                e.childNodes().forEach(this::walk);
                if (block) {
                    flush();
                }
            }
        }
    }

    /** A cell holding paragraphs or lists renders them on one line; a row is one block. */
    private static String cellText(Element cell) {
        String nested = render(cell);
        return nested.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    private void appendInline(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                int len = current.length();
                if (len > 0 && current.charAt(len - 1) != ' ' && current.charAt(len - 1) != '\n') {
                    current.append(' ');
                }
            } else {
                current.append(c);
            }
        }
    }

    private void flush() {
        String text = current.toString().replaceAll(" *\\n *", "\n").replaceAll("\\n{2,}", "\n").strip();
        current.setLength(0);
        if (!text.isEmpty() && !text.equals("-")) {
            blocks.add(text);
        }
    }
}
