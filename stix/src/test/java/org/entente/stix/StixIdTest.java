package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Identifiers, section 2.9; type names, section 3.1. */
class StixIdTest {

    static final String UUID_TEXT = "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061";

    @Test
    void parsesTypeAndUuid() {
        StixId id = StixId.parse("indicator--" + UUID_TEXT);

        assertThat(id.type()).isEqualTo("indicator");
        assertThat(id.uuid()).isEqualTo(UUID.fromString(UUID_TEXT));
        assertThat(id).hasToString("indicator--" + UUID_TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-mitre-tactic", "attack-pattern", "abc", "x509-certificate", "ipv4-addr", "a-b"})
    void acceptsTypesWithSingleHyphensAndDigits(String type) {
        assertThat(StixId.tryParse(type + "--" + UUID_TEXT)).get().extracting(StixId::type).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "indicator-0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",      // single hyphen
            "indicator---0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",    // three hyphens
            "indicator__0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",     // underscores
            "indicator:0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",      // colon
            "indicator -- 0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",   // spaces around the separator
            "indicator0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",       // no separator at all
            "--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",              // no type
            "indicator--",                                         // no UUID
    })
    void rejectsBadSeparators(String text) {
        assertThat(StixId.tryParse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Indicator", "INDICATOR", "attack-Pattern", "indicatoR", "ındicator"})
    void rejectsTypesWithUppercaseOrNonAsciiLetters(String type) {
        assertThat(StixId.tryParse(type + "--" + UUID_TEXT)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0c7b5b88-8ff7-4a4d-aa9d-feb398cd006",       // 35 characters
            "0c7b5b88-8ff7-4a4d-aa9d-feb398cd00611",     // 37 characters
            "0c7b5b888ff74a4daa9dfeb398cd0061",          // 32 hex digits without hyphens
            "0c7b5b88-8ff7-4a4d-aa9d-feb398cd006g",      // not hex
            "0c7b5b88-8ff74-a4d-aa9d-feb398cd0061",      // hyphens in the wrong places
            "{0c7b5b88-8ff7-4a4d-aa9d-feb398cd006}",     // Microsoft braces
            " 0c7b5b88-8ff7-4a4d-aa9d-feb398cd006",      // leading space
    })
    void rejectsUuidsOfTheWrongShape(String uuid) {
        assertThat(StixId.tryParse("indicator--" + uuid)).isEmpty();
    }

    @Test
    void rejectsDoubleHyphenInsideTheType() {
        assertThat(StixId.tryParse("x--mitre--" + UUID_TEXT)).isEmpty();
        assertThat(StixId.isTypeName("x--mitre")).isFalse();
        assertThatThrownBy(() -> new StixId("x--mitre", UUID.fromString(UUID_TEXT)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "1ab", "9-attack", "-abc", "abc-", "x_mitre"})
    void rejectsTypesThatAreTooShortOrStartOrEndWrongly(String type) {
        // Section 3.1: at least three characters, beginning with a letter; hyphens only between words.
        assertThat(StixId.isTypeName(type)).isFalse();
        assertThat(StixId.tryParse(type + "--" + UUID_TEXT)).isEmpty();
    }

    @Test
    void typeNamesMayBe250ButNot251CharactersLong() {
        String longest = "x" + "a".repeat(249);
        assertThat(StixId.tryParse(longest + "--" + UUID_TEXT)).isPresent();
        assertThat(StixId.tryParse(longest + "a--" + UUID_TEXT)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "indicator", UUID_TEXT})
    void rejectsNullEmptyAndFragments(String text) {
        assertThat(StixId.tryParse(text)).isEmpty();
    }

    @Test
    void parseExplainsTheExpectedForm() {
        assertThatThrownBy(() -> StixId.parse("indicator-" + UUID_TEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type--UUID")
                .hasMessageContaining("indicator-" + UUID_TEXT);
    }

    @Test
    void uuidHexIsCaseInsensitiveAndPrintedInLowerCase() {
        StixId upper = StixId.parse("indicator--" + UUID_TEXT.toUpperCase());

        assertThat(upper).isEqualTo(StixId.parse("indicator--" + UUID_TEXT));
        assertThat(upper).hasToString("indicator--" + UUID_TEXT);
    }

    @Test
    void ordersByItsText() {
        List<StixId> ids = new ArrayList<>(List.of(
                StixId.parse("malware--" + UUID_TEXT),
                StixId.parse("attack-pattern--ffffffff-8ff7-4a4d-aa9d-feb398cd0061"),
                StixId.parse("attack-pattern--" + UUID_TEXT)));
        Collections.sort(ids);

        assertThat(ids).extracting(StixId::toString).isSorted();
    }

    @Test
    void randomIdsAreWellFormedAndDistinct() {
        StixId a = StixId.random("indicator");
        StixId b = StixId.random("indicator");

        assertThat(a).isNotEqualTo(b);
        assertThat(StixId.parse(a.toString())).isEqualTo(a);
        assertThatThrownBy(() -> StixId.random("Indicator")).isInstanceOf(IllegalArgumentException.class);
    }
}
