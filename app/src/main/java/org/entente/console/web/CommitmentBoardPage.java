package org.entente.console.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Commitments;
import org.entente.coordination.CoordinationException;
import org.entente.coordination.Meetings;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The commitment board: one column per status (proposed, accepted, in progress, done, lapsed), each
 * commitment a card; open ones past their due date are marked overdue, open ones due within
 * {@link DashboardController#AT_RISK_DAYS} days at risk (the dashboard's rule). Above it, progress per
 * participant from the module's board. Everything is what this caller may see.
 */
@Controller
class CommitmentBoardPage {

    static final List<String> STATUSES = List.of("proposed", "accepted", "in-progress", "done", "lapsed");

    /** A card: the commitment as the module gives it, and how urgent it is. */
    record Card(long id, String participant, String text, String due, String status, String risk) {
    }

    record Column(String status, String label, List<Card> cards) {
    }

    private final Commitments commitments;
    private final Meetings meetings;

    CommitmentBoardPage(Commitments commitments, Meetings meetings) {
        this.commitments = commitments;
        this.meetings = meetings;
    }

    static boolean isFinal(Map<String, Object> commitment) {
        Object status = commitment.get("status");
        return "done".equals(status) || "lapsed".equals(status);
    }

    /** "overdue", "at-risk" or null: open, past due; open, due within the dashboard's window; anything else. */
    static String risk(Map<String, Object> c, LocalDate today) {
        if (isFinal(c)) {
            return null;
        }
        if (Boolean.TRUE.equals(c.get("overdue"))) {
            return "overdue";
        }
        LocalDate due = LocalDate.parse(String.valueOf(c.get("due")));
        return due.isAfter(today.plusDays(DashboardController.AT_RISK_DAYS)) ? null : "at-risk";
    }

    @SuppressWarnings("unchecked")
    static Card card(Map<String, Object> c, LocalDate today) {
        Map<String, Object> participant = (Map<String, Object>) c.get("participant");
        return new Card(((Number) c.get("id")).longValue(), String.valueOf(participant.get("name")), String.valueOf(c.get("text")),
                String.valueOf(c.get("due")), String.valueOf(c.get("status")), risk(c, today));
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/commitments", produces = MediaType.TEXT_HTML_VALUE)
    String board(@RequestParam(required = false) String participant, Caller caller, Model model) {
        Long only = null;
        if (participant != null && !participant.isBlank()) {
            try {
                only = Long.parseLong(participant.strip());
            } catch (NumberFormatException e) {
                throw ConsolePageException.badRequest("participant must be a participant's number");
            }
        }
        Long filter = only;
        LocalDate today = LocalDate.now();
        List<Map<String, Object>> all = CoordinationCalls.read(() -> commitments.list(caller, filter, null));
        Map<String, List<Card>> byStatus = new LinkedHashMap<>();
        STATUSES.forEach(s -> byStatus.put(s, new ArrayList<>()));
        for (Map<String, Object> c : all) {
            byStatus.computeIfAbsent(String.valueOf(c.get("status")), s -> new ArrayList<>()).add(card(c, today));
        }
        // Most urgent first in each column: overdue, then at risk, then by due date.
        byStatus.values().forEach(cards -> cards.sort(java.util.Comparator
                .comparingInt((Card k) -> "overdue".equals(k.risk()) ? 0 : "at-risk".equals(k.risk()) ? 1 : 2)
                .thenComparing(Card::due)));
        List<Column> columns = byStatus.entrySet().stream()
                .map(e -> new Column(e.getKey(), label(e.getKey()), e.getValue())).toList();
        model.addAttribute("columns", columns);
        model.addAttribute("total", all.size());
        model.addAttribute("overdue", all.stream().map(c -> risk(c, today)).filter("overdue"::equals).count());
        model.addAttribute("atRisk", all.stream().map(c -> risk(c, today)).filter("at-risk"::equals).count());
        Map<String, Object> board = commitments.board(caller);
        model.addAttribute("board", board.get("participants"));
        model.addAttribute("asOf", board.get("as_of"));
        model.addAttribute("participant", only);
        model.addAttribute("atRiskDays", DashboardController.AT_RISK_DAYS);
        model.addAttribute("section", "commitments");
        return "console/coordination-commitments";
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/commitments/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String commitment(@PathVariable String id, Caller caller, Model model) {
        long commitment = CoordinationCalls.id(id);
        Map<String, Object> c = CoordinationCalls.read(() -> commitments.view(caller, commitment));
        model.addAttribute("commitment", c);
        model.addAttribute("card", card(c, LocalDate.now()));
        // The meeting where it was made may be outside this reader's audience: link to it only when it is not.
        Object meeting = c.get("meeting");
        boolean meetingVisible = false;
        if (meeting instanceof Number m) {
            try {
                meetings.view(caller, m.longValue());
                meetingVisible = true;
            } catch (CoordinationException.NotFound e) {
                meetingVisible = false;
            }
        }
        model.addAttribute("meetingVisible", meetingVisible);
        model.addAttribute("section", "commitments");
        return "console/coordination-commitment";
    }

    static String label(String status) {
        return switch (status) {
            case "in-progress" -> "In progress";
            default -> Character.toUpperCase(status.charAt(0)) + status.substring(1);
        };
    }
}
