package org.entente.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The catalog's per-id table against a HashMap, and the version and meta encodings. */
class CatalogTableTest {

    @Test
    void behavesLikeAMapThroughGrowthAndBackwardShiftDeletion() {
        CatalogTable table = new CatalogTable();
        Map<UUID, long[]> model = new HashMap<>();
        List<UUID> ids = new ArrayList<>();
        Random r = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            int op = r.nextInt(10);
            if (op < 6 || ids.isEmpty()) {
                UUID id = ids.isEmpty() || r.nextInt(4) > 0 ? new UUID(r.nextLong(), r.nextLong()) : ids.get(r.nextInt(ids.size()));
                long version = r.nextLong();
                long meta = CatalogTable.meta(1 + r.nextInt(3), r.nextInt(CatalogTable.MAX_LABELS), r.nextLong(CatalogTable.MAX_VALID_UNTIL));
                table.put(id, version, meta);
                if (model.put(id, new long[] {version, meta}) == null) {
                    ids.add(id);
                }
            } else {
                int i = r.nextInt(ids.size());
                UUID id = ids.get(i);
                ids.set(i, ids.getLast());
                ids.removeLast();
                assertThat(table.remove(id)).isTrue();
                model.remove(id);
                assertThat(table.remove(id)).isFalse();
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        for (var e : model.entrySet()) {
            int slot = table.find(e.getKey());
            assertThat(slot).isNotNegative();
            assertThat(table.version(slot)).isEqualTo(e.getValue()[0]);
            assertThat(table.meta(slot)).isEqualTo(e.getValue()[1]);
            assertThat(table.id(slot)).isEqualTo(e.getKey());
        }
        assertThat(table.find(new UUID(1, 2))).isNegative();
        // Slots stay between 55% and 80% full: at most 32 / 0.55 bytes an id.
        assertThat(table.heapBytes()).isLessThan((long) (model.size() * 32 / 0.55) + 1024);
    }

    @Test
    void metaKeepsStateLabelAndExpiryApart() {
        long meta = CatalogTable.meta(CatalogTable.UNPARSABLE, CatalogTable.MAX_LABELS - 1, CatalogTable.MAX_VALID_UNTIL);
        assertThat(CatalogTable.state(meta)).isEqualTo(CatalogTable.UNPARSABLE);
        assertThat(CatalogTable.label(meta)).isEqualTo(CatalogTable.MAX_LABELS - 1);
        assertThat(CatalogTable.validUntil(meta)).isEqualTo(CatalogTable.MAX_VALID_UNTIL);
    }

    @Test
    void versionKeysRoundTripAndSortAsNumbers() {
        String a = "2025-06-26T08:00:00.000000001Z";
        String b = "2025-06-26T08:00:00.000000002Z";
        assertThat(IndicatorCatalog.versionBits(a)).isLessThan(IndicatorCatalog.versionBits(b));
        assertThat(IndicatorCatalog.versionKey(IndicatorCatalog.versionBits(a))).isEqualTo(a);
        assertThat(IndicatorCatalog.versionKey(IndicatorCatalog.versionBits("1970-01-01T00:00:00.000000000Z")))
                .isEqualTo("1970-01-01T00:00:00.000000000Z");
        assertThat(IndicatorCatalog.versionKey(IndicatorCatalog.versionBits("1969-12-31T23:59:59.999999999Z")))
                .isEqualTo("1969-12-31T23:59:59.999999999Z");
        assertThat(IndicatorCatalog.versionBits("0001-01-01T00:00:00.000000000Z")).isEqualTo(Long.MIN_VALUE);
    }
}
