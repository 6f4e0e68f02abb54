package org.entente.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.dankito.readability4j.Article;
import net.dankito.readability4j.Readability4J;
import net.dankito.readability4j.extended.Readability4JExtended;

import org.entente.osint.extract.ArticleExtractor;
import org.entente.osint.extract.JsoupArticleExtractor;
import org.entente.osint.extract.WordF1;
import org.jsoup.Jsoup;

/**
 * OSINT extraction quality and speed, issue 8: our {@link JsoupArticleExtractor} against readability4j (a Kotlin
 * port of Mozilla Readability; both its plain and its "extended" variant) on the Mozilla Readability test pages
 * (../shared/osint/readability-test-pages, 130 pages). Run it with {@code bench/run-osint-extract}.
 *
 * <p>Quality, per page: word-level F1 ({@link WordF1}: NFKC, lower-case, words = runs of letters/digits/marks,
 * multiset overlap) of the extracted main text against the text of expected.html (jsoup's {@code text()}), and
 * whether the title equals expected-metadata.json's title after NFKC and whitespace collapsing. Our text is
 * {@code ExtractedArticle.text()}; readability4j's is jsoup's {@code text()} of its content HTML. A page an
 * extractor fails on (exception or no article) scores 0.
 *
 * <p>Speed: every page is held in memory as bytes; one pass extracts all pages in one thread, decoding included
 * (readability4j gets {@code new String(bytes, UTF_8)}, ours its own charset detection). Warm-up passes, then
 * timed passes; the median pass gives pages/s. The same again with two threads at once (each
 * extracting every page), for the throughput of both cores. Knobs: {@code -Dwarmups=3 -Dpasses=7 -Dshared=DIR}.
 */
public final class OsintExtractBenchmark {

    private static final Pattern TITLE = Pattern.compile("\"title\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Page(String name, byte[] source, String expectedText, String expectedTitle) {
    }

    record Result(String text, String title) {
    }

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(System.getProperty("shared", "../shared"));
        Path dir = shared.resolve("osint/readability-test-pages");
        if (!Files.isDirectory(dir)) {
            System.err.println("no test pages at " + dir.toAbsolutePath() + " (set -Dshared=DIR)");
            System.exit(2);
        }
        List<Page> pages = load(dir);
        int warmups = Integer.getInteger("warmups", 3);
        int passes = Integer.getInteger("passes", 7);
        ArticleExtractor ours = new JsoupArticleExtractor();

        List<Extractor> extractors = List.of(
                new Extractor("entente JsoupArticleExtractor", p -> {
                    var a = ours.extract(p.source(), "source.html");
                    return new Result(a.text(), a.title().orElse(""));
                }),
                new Extractor("readability4j 1.0.8", p -> readability(new Readability4J("http://localhost/",
                        new String(p.source(), StandardCharsets.UTF_8)).parse())),
                new Extractor("readability4j 1.0.8 extended", p -> readability(new Readability4JExtended(
                        "http://localhost/", new String(p.source(), StandardCharsets.UTF_8)).parse())));

        System.out.printf(Locale.ROOT, "pages: %d, cores: %d, JVM %s%n", pages.size(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        StringBuilder perPage = new StringBuilder();
        for (Extractor x : extractors) {
            double f1Sum = 0;
            int titles = 0;
            int failed = 0;
            List<Double> f1s = new ArrayList<>();
            for (Page p : pages) {
                Result r;
                try {
                    r = x.run().apply(p);
                } catch (RuntimeException | StackOverflowError e) {
                    failed++;
                    r = new Result("", "");
                }
                double f1 = WordF1.f1(r.text(), p.expectedText());
                f1s.add(f1);
                f1Sum += f1;
                if (normalise(r.title()).equals(normalise(p.expectedTitle()))) {
                    titles++;
                }
                perPage.append(String.format(Locale.ROOT, "  %-32s %-42s F1 %.3f%n", x.name(), p.name(), f1));
            }
            double[] sorted = f1s.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long below90 = Arrays.stream(sorted).filter(f -> f < 0.9).count();
            System.out.printf(Locale.ROOT, "%-32s mean F1 %.4f  median F1 %.4f  pages F1<0.90: %3d  title accuracy %.4f (%d/%d)"
                    + "  failed: %d%n", x.name(), f1Sum / pages.size(), sorted[sorted.length / 2], below90,
                    (double) titles / pages.size(), titles, pages.size(), failed);
        }
        if (Boolean.getBoolean("perPage")) {
            System.out.print(perPage);
        }
        for (Extractor x : extractors) {
            for (int i = 0; i < warmups; i++) {
                pass(x, pages);
            }
            double[] rates = new double[passes];
            for (int i = 0; i < passes; i++) {
                rates[i] = pages.size() / pass(x, pages);
            }
            Arrays.sort(rates);
            double[] parallel = new double[passes];
            for (int i = 0; i < passes; i++) {
                parallel[i] = 2.0 * pages.size() / parallelPass(x, pages, 2);
            }
            Arrays.sort(parallel);
            System.out.printf(Locale.ROOT, "%-32s %.1f pages/s in 1 thread (median of %d passes; min %.1f, max %.1f);"
                    + " %.1f pages/s in 2 threads%n", x.name(), rates[passes / 2], passes, rates[0], rates[passes - 1],
                    parallel[passes / 2]);
        }
    }

    /** Each of {@code threads} threads extracts every page once; returns the wall-clock seconds. */
    private static double parallelPass(Extractor x, List<Page> pages, int threads) {
        long start = System.nanoTime();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(Thread.ofPlatform().start(() -> pass(x, pages)));
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double pass(Extractor x, List<Page> pages) {
        long start = System.nanoTime();
        int sink = 0;
        for (Page p : pages) {
            try {
                sink += x.run().apply(p).text().length();
            } catch (RuntimeException | StackOverflowError e) {
                sink++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Result readability(Article article) {
        String content = article.getContent();
        return new Result(content == null ? "" : Jsoup.parse(content).text(),
                article.getTitle() == null ? "" : article.getTitle());
    }

    private static List<Page> load(Path dir) throws IOException {
        List<Page> pages = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.sorted().toList()) {
                if (!Files.isRegularFile(p.resolve("source.html")) || !Files.isRegularFile(p.resolve("expected.html"))) {
                    continue;
                }
                String metadata = Files.isRegularFile(p.resolve("expected-metadata.json"))
                        ? Files.readString(p.resolve("expected-metadata.json")) : "";
                Matcher m = TITLE.matcher(metadata);
                pages.add(new Page(p.getFileName().toString(), Files.readAllBytes(p.resolve("source.html")),
                        Jsoup.parse(Files.readString(p.resolve("expected.html"))).text(),
                        m.find() ? unescapeJson(m.group(1)) : ""));
            }
        }
        return pages;
    }

    private static String unescapeJson(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }

    static String normalise(String title) {
        return Normalizer.normalize(title, Normalizer.Form.NFKC).replaceAll("\\s+", " ").strip();
    }

    private record Extractor(String name, Function<Page, Result> run) {
    }
}
