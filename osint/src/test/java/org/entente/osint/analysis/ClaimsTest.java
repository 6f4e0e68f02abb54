package org.entente.osint.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClaimsTest {

    private final ArticleAnalyser analyser = new ArticleAnalyser();

    private List<Claim> claims(String source, String text) {
        return analyser.analyse(source, text, Optional.empty()).claims();
    }

    private List<Claim> seedClaims() {
        List<Claim> all = new ArrayList<>();
        for (int i = 0; i < Seeds.NAMES.size(); i++) {
            all.addAll(claims(Seeds.name(i), Seeds.text(i)));
        }
        return all;
    }

    @Test
    void theScoMemberCountIsEightInTwoReportsAndTenInAnother() {
        Conflict c = Conflicts.find(seedClaims()).stream()
                .filter(x -> !x.internal() && x.predicate().equals(Claim.MEMBER_COUNT)).findFirst().orElseThrow();
        assertThat(c.subject()).isEqualTo("organisation:SCO");
        assertThat(c.byValue().keySet()).containsExactlyInAnyOrder("8", "10");
        assertThat(c.byValue().get("8")).extracting(Claim::source).contains(Seeds.name(2), Seeds.name(3));
        assertThat(c.byValue().get("10")).filteredOn(x -> x.basis() == Claim.Basis.STATED)
                .extracting(Claim::source).containsExactly(Seeds.name(4));
        Claim ten = c.byValue().get("10").stream().filter(x -> x.source().equals(Seeds.name(4))).findFirst().orElseThrow();
        assertThat(ten.quote()).contains("10-member regional security bloc");
        assertThat(Seeds.text(4).substring(ten.start(), ten.end())).isEqualTo("10-member");
    }

    @Test
    void aListOfTenMembersIntroducedAsEightIsAnInternalConflict() {
        List<Claim> own = claims(Seeds.name(2), Seeds.text(2));
        Conflict internal = Conflicts.find(own).stream().filter(Conflict::internal).findFirst().orElseThrow();
        assertThat(internal.sources()).containsExactly(Seeds.name(2));
        assertThat(internal.claims()).extracting(Claim::basis, Claim::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Claim.Basis.STATED, "8"),
                        org.assertj.core.groups.Tuple.tuple(Claim.Basis.ENUMERATED, "10"));
    }

    @Test
    void aListOfEightIntroducedAsEightIsNoConflict() {
        List<Claim> own = claims(Seeds.name(3), Seeds.text(3));
        assertThat(own).filteredOn(c -> c.predicate().equals(Claim.MEMBER_COUNT)).extracting(Claim::value).containsOnly("8");
        assertThat(Conflicts.find(own)).isEmpty();
    }

    @Test
    void agreementIsNotAConflict() {
        // Every report that gives a founding year says 2001.
        List<Claim> founded = seedClaims().stream().filter(c -> c.predicate().equals(Claim.FOUNDED)).toList();
        assertThat(founded).extracting(Claim::source).contains(Seeds.name(2), Seeds.name(3), Seeds.name(4));
        assertThat(Conflicts.find(founded)).isEmpty();
    }

    @Test
    void iranIsAMemberInTwoReportsAndAnObserverInAnother() {
        Conflict iran = Conflicts.find(seedClaims()).stream()
                .filter(x -> x.subject().equals("organisation:SCO/country:IR")).findFirst().orElseThrow();
        assertThat(iran.byValue().get("member")).extracting(Claim::source).contains(Seeds.name(2), Seeds.name(4));
        assertThat(iran.byValue().get("not a member")).extracting(Claim::source).containsExactly(Seeds.name(3));
        // Turkey is named only as a dialogue partner: one source, no conflict.
        assertThat(Conflicts.find(seedClaims())).noneMatch(x -> x.subject().endsWith("country:TR"));
    }

    @Test
    void numbersInWordsAndDigitsAreTheSameValue() {
        List<Claim> a = claims("a", "The SCO now has ten members.");
        List<Claim> b = claims("b", "NATO aside, the SCO has 10 member states.");
        assertThat(a).extracting(Claim::value).containsExactly("10");
        assertThat(b).extracting(Claim::subject, Claim::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("organisation:SCO", "10"));
        List<Claim> both = new ArrayList<>(a);
        both.addAll(b);
        assertThat(Conflicts.find(both)).isEmpty();
        assertThat(Conflicts.find(List.of(a.getFirst(), claims("c", "The SCO has twelve members.").getFirst())))
                .singleElement().satisfies(c -> assertThat(c.sources()).containsExactly("a", "c"));
    }

    @Test
    void aCountWithNoOrganisationInReachIsNotAttributed() {
        assertThat(claims("x", "The club has eight members. Nobody knows more.")).isEmpty();
        assertThat(claims("x", "")).isEmpty();
        assertThat(claims("x", "Восемь членов ШОС собрались в Циндао.")).isEmpty();
    }

    @Test
    void percentagesAndYearsAreNotMemberCounts() {
        assertThat(claims("x", "NATO members agreed to spend 3.5% members of GDP; the SCO in 2025 members met."))
                .filteredOn(c -> c.predicate().equals(Claim.MEMBER_COUNT)).isEmpty();
    }
}
