package org.entente.osint.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class EntityExtractorTest {

    private final EntityExtractor extractor = new EntityExtractor();

    private Map<String, Entity> entities(String text) {
        return extractor.extract(text).entities().stream().collect(Collectors.toMap(Entity::key, e -> e));
    }

    @Test
    void theGazetteerHoldsEveryUnMemberStateOnce() {
        long countries = Gazetteer.standard().entities().stream().filter(e -> e.kind() == Entity.Kind.COUNTRY).count();
        assertThat(countries).isEqualTo(193);
    }

    @Test
    void chinasDefenceMinisterIsAPersonWithRoleAndCountryInBothPhrasings() {
        Entity fromAppositive = entities(Seeds.text(2)).get("person:dong jun");
        Entity fromTitle = entities(Seeds.text(4)).get("person:dong jun");
        for (Entity dong : List.of(fromAppositive, fromTitle)) {
            assertThat(dong.name()).isEqualTo("Dong Jun");
            assertThat(dong.role()).contains("defence minister");
            assertThat(dong.country()).contains("CN");
        }
    }

    @Test
    void belousovIsOnePersonHoweverHisNameIsTransliteratedAndDefenceMisspelled() {
        // 002: "Russian defense minster Andrey Belousov"; 004: "Russian Defence Minister Andrei Belousov".
        Entity a = entities(Seeds.text(2)).get("person:andrey belousov");
        Entity b = entities(Seeds.text(4)).get("person:andrey belousov");
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        assertThat(a.role()).isEqualTo(b.role()).contains("defence minister");
        assertThat(a.country()).contains("RU");
        assertThat(b.name()).isEqualTo("Andrei Belousov");
    }

    @Test
    void placesAndOrganisationsOfTheSeedsAreCanonical() {
        Map<String, Entity> e = entities(Seeds.text(2));
        assertThat(e).containsKeys("place:qingdao", "place:the hague", "organisation:SCO", "organisation:NATO",
                "country:CN", "country:RU", "country:IR", "country:BY");
        assertThat(e.get("organisation:SCO").name()).isEqualTo("Shanghai Cooperation Organisation");
        assertThat(e.get("place:the hague").country()).contains("NL");
        // "Shanghai Cooperation Organization (SCO)" is two mentions of the organisation, not a mention of Shanghai.
        assertThat(e).doesNotContainKey("place:shanghai");
    }

    @Test
    void demonymsAdjectivesAndPossessivesAreTheirCountry() {
        ArticleEntities found = extractor.extract("Russian troops, Chinese ships and Iran's envoy met a Ukrainian delegation.");
        assertThat(found.mentions()).extracting(m -> m.entity().key())
                .containsExactly("country:RU", "country:CN", "country:IR", "country:UA");
        assertThat(found.mentions().get(2).surface()).isEqualTo("Iran");
    }

    @Test
    void theLongestNameWins() {
        assertThat(entities("Talks between South Sudan and Sudan, and the Democratic Republic of the Congo.").keySet())
                .containsExactlyInAnyOrder("country:SS", "country:SD", "country:CD");
    }

    @Test
    void capitalisedHeadingsAreNotPeople() {
        Map<String, Entity> e = entities("Strategic Partnerships Highlighted At Summit\nKey Commitment Russia Conduct Drills\n"
                + "The Defense Ministers Meeting opened. Minister said nothing.");
        assertThat(e.values()).noneMatch(x -> x.kind() == Entity.Kind.PERSON);
    }

    @Test
    void aNameBeforeItsRoleIsAPersonToo() {
        Entity p = entities("Talks were led by Andrei Belousov, the Russian defence minister, on Thursday.").get("person:andrey belousov");
        assertThat(p.role()).contains("defence minister");
        assertThat(p.country()).contains("RU");
    }

    @Test
    void aFamilyNameAloneAfterTheIntroductionIsAMentionOfThePerson() {
        ArticleEntities found = extractor.extract(Seeds.text(4));
        long dong = found.mentions().stream().filter(m -> m.entity().key().equals("person:dong jun")).count();
        assertThat(dong).isGreaterThanOrEqualTo(2); // "Chinese Defence Minister Dong Jun" and "Dong said"
    }

    @Test
    void datesAndNumbersInDigitsAndWords() {
        ArticleEntities found = extractor.extract("On June 26, 2025, and again on 3 July 2025, eight members and 10 observers"
                + " agreed on 3.5% by 2035; twenty-one delegations came. QINGDAO, Jun 26.");
        assertThat(found.dates()).extracting(DateMention::value).contains("2025-06-26", "2025-07-03", "2035", "--06-26");
        assertThat(found.numbers()).extracting(n -> n.value().toPlainString()).contains("8", "10", "3.5", "21");
        assertThat(found.numbers()).filteredOn(NumberMention::percent).extracting(NumberMention::surface).containsExactly("3.5%");
    }

    @Test
    void hostileInputsGiveNothingRatherThanFailing() {
        assertThat(extractor.extract("").mentions()).isEmpty();
        assertThat(extractor.extract("   \n\t ").mentions()).isEmpty();
        assertThat(extractor.extract("’s ' - — 's").mentions()).isEmpty();
        // Another language: names outside the gazetteer are not guessed; the Latin-script ones are still found.
        ArticleEntities ru = extractor.extract("Министр обороны Китая Дун Цзюнь встретился в Циндао с коллегами из SCO и NATO.");
        assertThat(ru.entities()).extracting(Entity::key).containsExactly("organisation:SCO", "organisation:NATO");
        ArticleEntities zh = extractor.extract("上海合作组织成员国国防部长会议在青岛举行");
        assertThat(zh.mentions()).isEmpty();
    }

    @Test
    void personKeysUnifyTransliterations() {
        assertThat(EntityExtractor.personKey("Andrei Belousov")).isEqualTo(EntityExtractor.personKey("Andrey  Belousov"));
        assertThat(EntityExtractor.personKey("Volodymyr Zelenskyy")).isEqualTo(EntityExtractor.personKey("Volodymyr Zelensky"));
        assertThat(EntityExtractor.personKey("Dong Jun")).isNotEqualTo(EntityExtractor.personKey("Dong Jin"));
        assertThat(Optional.of(EntityExtractor.personKey("Sergeï Shoigu"))).contains("sergey shoigu");
    }
}
