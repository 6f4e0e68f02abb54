package org.entente.osint.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

    private static List<Fingerprint> seeds() {
        List<Fingerprint> out = new ArrayList<>();
        for (int i = 0; i < Seeds.NAMES.size(); i++) {
            out.add(NearDuplicates.fingerprint(Seeds.text(i)));
        }
        return out;
    }

    @Test
    void theScrapedCopyWithNavigationAndRelatedPostsIsADuplicateOfTheCleanCopy() {
        List<Fingerprint> f = seeds();
        NearDuplicates.Similarity s = NearDuplicates.compare(f.get(0), f.get(1));
        assertThat(s.duplicate()).isTrue();
        // Boilerplate keeps plain resemblance low; containment sees the clean copy inside the scraped one.
        assertThat(s.resemblance()).isLessThan(0.7);
        assertThat(s.containment()).isGreaterThan(0.9);
    }

    @Test
    void noOtherPairOfSeedReportsIsADuplicate() {
        List<Fingerprint> f = seeds();
        for (int i = 0; i < f.size(); i++) {
            for (int j = i + 1; j < f.size(); j++) {
                if (i == 0 && j == 1) {
                    continue;
                }
                NearDuplicates.Similarity s = NearDuplicates.compare(f.get(i), f.get(j));
                assertThat(s.duplicate()).as("%s vs %s", Seeds.name(i), Seeds.name(j)).isFalse();
                assertThat(s.containment()).as("%s vs %s", Seeds.name(i), Seeds.name(j)).isLessThan(0.1);
            }
        }
    }

    @Test
    void duplicatesShareAnLshBandAndUnrelatedReportsDoNot() {
        List<Fingerprint> f = seeds();
        assertThat(sharedBands(f.get(0), f.get(1))).isPositive();
        assertThat(sharedBands(f.get(2), f.get(3))).isZero();
    }

    private static long sharedBands(Fingerprint a, Fingerprint b) {
        long[] x = NearDuplicates.bands(a);
        long[] y = NearDuplicates.bands(b);
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            n += x[i] == y[i] ? 1 : 0;
        }
        return n;
    }

    @Test
    void quotesDashesCaseAndBulletsDoNotMakeADifferentArticle() {
        String clean = Seeds.text(4);
        String retyped = "• " + clean.replace('“', '"').replace('”', '"').replace("—", " - ").toUpperCase();
        assertThat(NearDuplicates.compare(NearDuplicates.fingerprint(clean), NearDuplicates.fingerprint(retyped)).duplicate()).isTrue();
    }

    @Test
    void aShortReportQuotedInFullInsideALongAnalysisIsNotTheSameArticle() {
        String brief = Seeds.text(4).substring(0, 900);
        String analysis = Seeds.text(3) + "\n" + brief + "\n" + Seeds.text(2);
        NearDuplicates.Similarity s = NearDuplicates.compare(NearDuplicates.fingerprint(brief), NearDuplicates.fingerprint(analysis));
        assertThat(s.containment()).isGreaterThan(0.9);
        assertThat(s.duplicate()).isFalse();
    }

    @Test
    void emptyAndTinyTextsAreNeverDuplicatesEvenOfThemselves() {
        Fingerprint empty = NearDuplicates.fingerprint("");
        Fingerprint tiny = NearDuplicates.fingerprint("SCO ministers met in Qingdao.");
        assertThat(empty.isEmpty()).isTrue();
        assertThat(NearDuplicates.compare(empty, empty).duplicate()).isFalse();
        assertThat(NearDuplicates.compare(tiny, tiny).duplicate()).isFalse();
        assertThat(NearDuplicates.bands(empty)).isEmpty();
    }

    @Test
    void aHugeTextIsFingerprintedInBoundedTimeAndMatchesNothing() {
        Random random = new Random(7);
        StringBuilder huge = new StringBuilder(4_000_000);
        while (huge.length() < 4_000_000) {
            huge.append("w").append(random.nextInt(50_000)).append(' ');
        }
        long t0 = System.nanoTime();
        Fingerprint f = NearDuplicates.fingerprint(huge.toString());
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
        assertThat(f.shingles()).isGreaterThan(500_000);
        for (Fingerprint seed : seeds()) {
            assertThat(NearDuplicates.compare(f, seed).duplicate()).isFalse();
        }
    }

    @Test
    void textsInOtherScriptsAreComparedByTheirWords() {
        String russian = "Министры обороны государств членов ШОС собрались в Циндао чтобы обсудить региональную безопасность "
                + "и сотрудничество в борьбе с терроризмом. Встреча прошла двадцать шестого июня, на ней выступил министр "
                + "обороны Китая Дун Цзюнь, который призвал к совместным действиям против односторонних подходов.";
        String chinese = "上海合作组织成员国国防部长会议在青岛举行 中国国防部长董军主持会议 各方讨论了地区安全 反恐合作 和网络安全问题";
        assertThat(NearDuplicates.compare(NearDuplicates.fingerprint(russian), NearDuplicates.fingerprint(russian + " Конец.")).duplicate()).isTrue();
        assertThat(NearDuplicates.compare(NearDuplicates.fingerprint(russian), NearDuplicates.fingerprint(Seeds.text(2))).duplicate()).isFalse();
        // Unsegmented Chinese is a few long "words": too few shingles to judge, so never a duplicate rather than a guess.
        assertThat(NearDuplicates.compare(NearDuplicates.fingerprint(chinese), NearDuplicates.fingerprint(chinese)).duplicate()).isFalse();
    }

    @Test
    void aFingerprintSurvivesItsStoredForm() {
        Fingerprint f = NearDuplicates.fingerprint(Seeds.text(2));
        assertThat(Fingerprint.fromBytes(f.toBytes())).isEqualTo(f);
        assertThatThrownBy(() -> Fingerprint.fromBytes(Arrays.copyOf(f.toBytes(), 10))).isInstanceOf(IllegalArgumentException.class);
    }
}
