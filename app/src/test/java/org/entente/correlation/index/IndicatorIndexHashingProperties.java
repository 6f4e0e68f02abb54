package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * The eight-characters-at-once case folding of the key hash agrees with folding one character at a time,
 * and the lookup's hash of a byte copy gives the same key as the hash of the string that terms are stored
 * under.
 */
class IndicatorIndexHashingProperties {

    @Property(tries = 2000)
    void foldingEightAsciiCharactersAtOnceIsFoldingEach(@ForAll @CharRange(from = 0, to = 0x7F) char a,
            @ForAll @CharRange(from = 0, to = 0x7F) char b, @ForAll @CharRange(from = 0, to = 0x7F) char c,
            @ForAll @CharRange(from = 0, to = 0x7F) char d, @ForAll @CharRange(from = 0, to = 0x7F) char e) {
        char[] cs = {a, b, c, d, e, (char) (a ^ 0x20), (char) (c ^ 0x20), (char) (e ^ 0x20)};
        long packed = 0;
        long each = 0;
        for (int k = 0; k < 8; k++) {
            packed |= (long) cs[k] << (8 * k);
            each |= (long) LookupField.fold(cs[k]) << (8 * k);
        }
        assertThat(LookupField.foldAscii8(packed)).isEqualTo(each);
    }

    @Property(tries = 1000)
    void hashIgnoresAsciiAndFoldedCase(@ForAll @StringLength(max = 70) @Chars({'a', 'Z', 'z', 'A', '@', '[', '`', '{',
        '0', '\u212A', 'k', 'K', '\u0130', 'i', 'I', '\u00e9', '\u00c9', '\u0100'}) String s) {
        StringBuilder folded = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            folded.append(LookupField.fold(s.charAt(i)));
        }
        assertThat(LookupField.hashBlocks(s, 0, s.length()))
                .isEqualTo(LookupField.hashBlocks(folded.toString(), 0, folded.length()));
    }

    @Property(tries = 2000)
    void hashOfAnAsciiByteCopyIsTheHashOfTheString(@ForAll @StringLength(max = 140) @CharRange(from = 0, to = 0x7F)
            String s) {
        // Garbage after the value: the last block is read whole and must be masked.
        byte[] bytes = new byte[s.length() + 8];
        java.util.Arrays.fill(bytes, (byte) 'Q');
        byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, ascii.length);
        assertThat(LookupField.hashAsciiBytes(bytes, s.length())).isEqualTo(LookupField.hashBlocks(s, 0, s.length()));
    }

    @Property(tries = 1000)
    void valuesOfEqualLengthDifferingInOneCharacterHashApart(@ForAll @StringLength(min = 1, max = 70)
            @CharRange(from = 0x20, to = 0x7E) String s, @ForAll @CharRange(from = 0x20, to = 0x7E) char c) {
        int at = Math.floorMod(s.hashCode(), s.length());
        String t = s.substring(0, at) + c + s.substring(at + 1);
        boolean sameFolded = LookupField.fold(c) == LookupField.fold(s.charAt(at));
        assertThat(LookupField.hashBlocks(t, 0, t.length()) == LookupField.hashBlocks(s, 0, s.length()))
                .isEqualTo(sameFolded);
    }
}
