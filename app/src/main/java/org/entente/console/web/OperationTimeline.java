package org.entente.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An operation's timeline as a picture, laid out on the server: a time axis across the top and one row
 * per event (history entries and task deadlines), each a mark at its time with its label beside it.
 * Rendered as SVG whose geometry is in SVG attributes and whose colours come from CSS classes, so the
 * page needs no inline style and no script. The same events are listed in a table for screen readers.
 */
final class OperationTimeline {

    static final int WIDTH = 960;
    static final int LEFT = 24;
    static final int RIGHT = 24;
    static final int TOP = 44;
    static final int ROW = 30;

    /** An event to place: when, what kind (a CSS class suffix), and its label. */
    record Event(Instant at, String kind, String label) {
    }

    /** A placed mark: centre, label position and anchor, and the CSS class. */
    record Mark(int x, int y, int labelX, String anchor, String kind, String label, String time, boolean deadline, String diamond) {
    }

    /** An axis date; the first and last are anchored inwards so they are not cut at the picture's edges. */
    record Tick(int x, String label, String anchor) {
    }

    record Picture(int width, int height, int axisY, int axisStart, int axisEnd, List<Tick> ticks, List<Mark> marks) {
    }

    private OperationTimeline() {
    }

    static Instant endOfDay(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
    }

    static Picture layout(List<Event> events, Times times) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Event::at));
        int span = WIDTH - LEFT - RIGHT;
        int height = TOP + Math.max(1, sorted.size()) * ROW + 10;
        if (sorted.isEmpty()) {
            return new Picture(WIDTH, height, TOP - 20, LEFT, WIDTH - RIGHT, List.of(), List.of());
        }
        Instant first = sorted.getFirst().at();
        Instant last = sorted.getLast().at();
        long total = Math.max(1, Duration.between(first, last).toMillis());
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Event e = sorted.get(i);
            int x = first.equals(last) ? LEFT + span / 2
                    : LEFT + (int) Math.round((double) Duration.between(first, e.at()).toMillis() / total * span);
            int y = TOP + i * ROW + ROW / 2;
            boolean rightHalf = x > LEFT + span / 2;
            boolean deadline = "deadline".equals(e.kind());
            String diamond = deadline ? (x) + "," + (y - 7) + " " + (x + 7) + "," + y + " " + x + "," + (y + 7) + " " + (x - 7) + "," + y : null;
            marks.add(new Mark(x, y, rightHalf ? x - 12 : x + 12, rightHalf ? "end" : "start", e.kind(), e.label(),
                    times.minute(e.at()), deadline, diamond));
        }
        List<Tick> ticks = new ArrayList<>();
        int n = first.equals(last) ? 1 : 4;
        for (int i = 0; i <= n; i++) {
            Instant t = first.equals(last) ? first : first.plusMillis(total * i / n);
            int x = first.equals(last) ? LEFT + span / 2 : LEFT + span * i / n;
            String anchor = n == 1 ? "middle" : i == 0 ? "start" : i == n ? "end" : "middle";
            ticks.add(new Tick(x, times.minute(t).substring(0, 10), anchor));
        }
        return new Picture(WIDTH, height, TOP - 20, LEFT, WIDTH - RIGHT, ticks, marks);
    }
}
