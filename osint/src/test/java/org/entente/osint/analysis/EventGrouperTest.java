package org.entente.osint.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class EventGrouperTest {

    private final ArticleAnalyser analyser = new ArticleAnalyser();

    private List<ArticleProfile> seeds() {
        List<ArticleProfile> out = new ArrayList<>();
        for (int i = 0; i < Seeds.NAMES.size(); i++) {
            out.add(analyser.analyse(Seeds.name(i), Seeds.text(i), Optional.empty()).profile());
        }
        return out;
    }

    static final String NATO_SUMMIT = """
            THE HAGUE, June 25 (Wire): NATO leaders meeting in The Hague agreed on Wednesday to raise defence spending to
            5% of GDP by 2035, a target pushed by US President Donald Trump. NATO Secretary General Mark Rutte called the
            summit a turning point for the alliance. Dutch Prime Minister Dick Schoof hosted the leaders at the World Forum.
            NATO allies also reaffirmed support for Ukraine, and NATO members agreed to meet again in Türkiye next year.
            The NATO summit in The Hague was the first for Rutte as the alliance's chief.""";

    static final String TIANJIN_SUMMIT = """
            TIANJIN, September 1, 2025: Leaders of the Shanghai Cooperation Organisation met in Tianjin for the SCO summit.
            Chinese President Xi Jinping hosted the SCO heads of state, including Indian Prime Minister Narendra Modi and
            Russian President Vladimir Putin. The SCO leaders adopted the Tianjin declaration and a development strategy
            for the SCO to 2035. Pakistan, Iran and Belarus also took part in the SCO meeting in China.""";

    @Test
    void allFiveSeedReportsAreOneEvent() {
        assertThat(EventGrouper.group(seeds())).containsExactly(List.of(0, 1, 2, 3, 4));
    }

    @Test
    void theSeedsAreOneEventInWhateverOrderTheyArrive() {
        List<ArticleProfile> reversed = new ArrayList<>(seeds());
        java.util.Collections.reverse(reversed);
        assertThat(EventGrouper.group(reversed)).hasSize(1);
    }

    @Test
    void theNatoSummitTheSeedsMentionIsAnotherEvent() {
        List<ArticleProfile> all = new ArrayList<>(seeds());
        all.add(analyser.analyse("nato", NATO_SUMMIT, Optional.of(LocalDate.of(2025, 6, 25))).profile());
        assertThat(EventGrouper.group(all)).containsExactly(List.of(0, 1, 2, 3, 4), List.of(5));
    }

    @Test
    void anScoSummitMonthsLaterIsAnotherEvent() {
        List<ArticleProfile> all = new ArrayList<>(seeds());
        all.add(analyser.analyse("tianjin", TIANJIN_SUMMIT, Optional.empty()).profile());
        assertThat(EventGrouper.group(all)).containsExactly(List.of(0, 1, 2, 3, 4), List.of(5));
    }

    @Test
    void emptyArticlesAreEachTheirOwnEvent() {
        ArticleProfile a = analyser.analyse("a", "", Optional.empty()).profile();
        ArticleProfile b = analyser.analyse("b", "", Optional.empty()).profile();
        assertThat(EventGrouper.group(List.of(a, b))).containsExactly(List.of(0), List.of(1));
        assertThat(EventGrouper.group(List.of())).isEmpty();
    }
}
