package org.entente.stix.pattern;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.entente.stix.StixTimestamp;

/** Constants on the right of a comparison (section 9.4.3, table "Constants"). */
public sealed interface Constant {

    /** {@code 'text'}: quotes and backslashes escaped with a backslash in the pattern. */
    record StringConstant(String value) implements Constant {
        public StringConstant {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An integer, e.g. {@code 443} or {@code -1}. */
    record IntegerConstant(long value) implements Constant {
    }

    /** A floating point number, e.g. {@code 7.0}; kept exact. */
    record FloatConstant(BigDecimal value) implements Constant {
        public FloatConstant {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanConstant(boolean value) implements Constant {
    }

    /** {@code b'base64'} (binary) or {@code h'hex'} (hex): bytes, compared with binary properties. */
    record BinaryConstant(byte[] bytes, boolean writtenAsHex) implements Constant {
        public BinaryConstant {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BinaryConstant b && b.writtenAsHex == writtenAsHex && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + Boolean.hashCode(writtenAsHex);
        }

        @Override
        public String toString() {
            return (writtenAsHex ? "h'" : "b'") + HexFormat.of().formatHex(bytes) + "'";
        }
    }

    /** {@code t'2016-01-01T00:00:00Z'}. */
    record TimestampConstant(StixTimestamp value) implements Constant {
        public TimestampConstant {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code ('a', 'b')}: the right-hand side of {@code IN}; elements are of one primitive kind. */
    record SetConstant(List<Constant> elements) implements Constant {
        public SetConstant {
            elements = List.copyOf(elements);
            if (elements.isEmpty() || elements.stream().anyMatch(e -> e instanceof SetConstant)) {
                throw new IllegalArgumentException("a set holds one or more non-set constants");
            }
        }
    }
}
