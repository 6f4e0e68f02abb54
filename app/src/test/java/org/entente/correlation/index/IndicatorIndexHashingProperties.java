package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.entente.stix.StixId;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
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

    /**
     * A hash stored in lower or upper case hexadecimal (packed two digits a byte) confirms exactly the value as
     * written: the same digits in the same case; a value with any one character changed (another digit, the other
     * case, a non-digit), at any position, is never confirmed (at most to verify, when it folds to the same key).
     */
    @Property(tries = 200)
    void aPackedHexadecimalHashConfirmsOnlyItsOwnSpelling(@ForAll @Size(min = 1, max = 32) List<Byte> bytes,
            @ForAll boolean upper) {
        byte[] b = new byte[bytes.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = bytes.get(i);
        }
        String stored = upper ? HexFormat.of().withUpperCase().formatHex(b) : HexFormat.of().formatHex(b);
        IndicatorIndex index = new IndicatorIndex(Warninglists.builtIn());
        StixId id = StixId.random("indicator");
        index.put(id, Patterns.pattern(Patterns.eq("file:hashes.MD5", stored)));
        assertThat(confirmed(index, stored)).containsExactly(id);
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            for (char other : new char[] {'0', '7', '9', 'a', 'f', 'A', 'F', 'g', ' ', '\u00e9',
                Character.toUpperCase(c), Character.toLowerCase(c)}) {
                if (other != c) {
                    String changed = stored.substring(0, i) + other + stored.substring(i + 1);
                    assertThat(confirmed(index, changed)).as("%s stored, %s observed", stored, changed).isEmpty();
                }
            }
        }
    }

    private static List<StixId> confirmed(IndicatorIndex index, String md5) {
        List<StixId> out = new java.util.ArrayList<>();
        index.lookupValue("file", "hashes.MD5", md5, (id, confirmed) -> {
            if (confirmed) {
                out.add(id);
            }
        });
        return out;
    }
}
