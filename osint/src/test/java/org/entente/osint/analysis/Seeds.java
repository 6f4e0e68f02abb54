package org.entente.osint.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The five seed reports of the Qingdao meeting of SCO defence ministers (copied from shared/seeds): 000 is 001
 * scraped with the site's navigation, related posts and cookie banner; 002-004 are other outlets.
 */
final class Seeds {

    static final List<String> NAMES = List.of("000_6bb249f4ef3806ba.txt", "001_72c4cfb1b406ca7b.txt",
            "002_58e279f617d491ad.txt", "003_4f7df24f99d9ba2e.txt", "004_327e5a02c9f6880b.txt");

    private Seeds() {
    }

    static String text(int i) {
        try (InputStream in = Seeds.class.getResourceAsStream("seeds/" + NAMES.get(i))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(int i) {
        return NAMES.get(i);
    }
}
