package org.entente.correlation.index;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** The four-characters-at-once case folding of the key hash agrees with folding one character at a time. */
class IndicatorIndexHashingProperties {

    @Property(tries = 2000)
    void foldingFourAsciiCharactersAtOnceIsFoldingEach(@ForAll @CharRange(from = 0, to = 0x7F) char a,
            @ForAll @CharRange(from = 0, to = 0x7F) char b, @ForAll @CharRange(from = 0, to = 0x7F) char c,
            @ForAll @CharRange(from = 0, to = 0x7F) char d) {
        long packed = a | (long) b << 16 | (long) c << 32 | (long) d << 48;
        long each = LookupField.fold(a) | (long) LookupField.fold(b) << 16 | (long) LookupField.fold(c) << 32
                | (long) LookupField.fold(d) << 48;
        assertThat(LookupField.foldAscii4(packed)).isEqualTo(each);
    }

    @Property(tries = 1000)
    void hashIgnoresAsciiAndFoldedCase(@ForAll @StringLength(max = 70) @Chars({'a', 'Z', 'z', 'A', '@', '[', '`', '{',
        '0', '\u212A', 'k', 'K', '\u0130', 'i', 'I', '\u00e9', '\u00c9'}) String s) {
        StringBuilder folded = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            folded.append(LookupField.fold(s.charAt(i)));
        }
        assertThat(LookupField.hashBlocks(s, 0, s.length()))
                .isEqualTo(LookupField.hashBlocks(folded.toString(), 0, folded.length()));
    }
}
