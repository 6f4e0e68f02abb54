package org.entente.console.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Exercises;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Exercises on a month grid (weeks from Monday; a multi-day exercise appears on each of its days), with
 * links to the previous and next month, and the month's exercises as a list below (what a screen reader
 * user reads instead of the grid). Only exercises this caller sees (the module filters).
 */
@Controller
class ExerciseCalendarPage {

    static final DateTimeFormatter TITLE = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    record Entry(long id, String name) {
    }

    record Day(LocalDate date, boolean inMonth, boolean today, List<Entry> exercises) {
    }

    private final Exercises exercises;

    ExerciseCalendarPage(Exercises exercises) {
        this.exercises = exercises;
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/exercises", produces = MediaType.TEXT_HTML_VALUE)
    String calendar(@RequestParam(required = false) String month, Caller caller, Model model) {
        YearMonth shown;
        try {
            shown = month == null || month.isBlank() ? YearMonth.now() : YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw ConsolePageException.badRequest("month must look like 2026-11");
        }
        if (shown.getYear() < 1900 || shown.getYear() > 2999) {
            throw ConsolePageException.badRequest("month must be between 1900-01 and 2999-12");
        }
        List<Map<String, Object>> all = exercises.list(caller);
        LocalDate first = shown.atDay(1);
        LocalDate start = first.minusDays(first.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
        LocalDate last = shown.atEndOfMonth();
        LocalDate end = last.plusDays(DayOfWeek.SUNDAY.getValue() - last.getDayOfWeek().getValue());
        LocalDate today = LocalDate.now();
        List<List<Day>> weeks = new ArrayList<>();
        for (LocalDate weekStart = start; !weekStart.isAfter(end); weekStart = weekStart.plusWeeks(1)) {
            List<Day> week = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                LocalDate d = weekStart.plusDays(i);
                week.add(new Day(d, YearMonth.from(d).equals(shown), d.equals(today), all.stream()
                        .filter(e -> !d.isBefore(LocalDate.parse(String.valueOf(e.get("starts"))))
                                && !d.isAfter(LocalDate.parse(String.valueOf(e.get("ends")))))
                        .map(e -> new Entry(((Number) e.get("id")).longValue(), String.valueOf(e.get("name")))).toList()));
            }
            weeks.add(week);
        }
        model.addAttribute("weeks", weeks);
        model.addAttribute("weekdays", List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"));
        model.addAttribute("monthTitle", TITLE.format(shown));
        model.addAttribute("previous", shown.minusMonths(1).toString());
        model.addAttribute("next", shown.plusMonths(1).toString());
        model.addAttribute("thisMonth", all.stream()
                .filter(e -> !LocalDate.parse(String.valueOf(e.get("ends"))).isBefore(first)
                        && !LocalDate.parse(String.valueOf(e.get("starts"))).isAfter(last)).toList());
        model.addAttribute("total", all.size());
        model.addAttribute("section", "exercises");
        return "console/coordination-exercises";
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/exercises/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String exercise(@PathVariable String id, Caller caller, Model model) {
        long exercise = CoordinationCalls.id(id);
        model.addAttribute("exercise", CoordinationCalls.read(() -> exercises.view(caller, exercise)));
        model.addAttribute("section", "exercises");
        return "console/coordination-exercise";
    }
}
