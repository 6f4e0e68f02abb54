package org.entente.console.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Commitments;
import org.entente.coordination.Declarations;
import org.entente.coordination.Exercises;
import org.entente.coordination.Meetings;
import org.entente.coordination.Operations;
import org.entente.coordination.Plans;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Coordination at a glance: meetings, joint declarations, joint operations, upcoming exercises,
 * contingency plans and how many commitments are open or overdue, each list read through its module
 * for this caller (the sharing policy filters every row and count). Links lead to the detail pages.
 */
@Controller
class CoordinationPage {

    private final Meetings meetings;
    private final Declarations declarations;
    private final Operations operations;
    private final Exercises exercises;
    private final Plans plans;
    private final Commitments commitments;

    CoordinationPage(Meetings meetings, Declarations declarations, Operations operations, Exercises exercises, Plans plans,
                     Commitments commitments) {
        this.meetings = meetings;
        this.declarations = declarations;
        this.operations = operations;
        this.exercises = exercises;
        this.plans = plans;
        this.commitments = commitments;
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination", produces = MediaType.TEXT_HTML_VALUE)
    String overview(Caller caller, Model model) {
        model.addAttribute("meetings", meetings.list(caller).reversed());
        model.addAttribute("declarations", declarations.list(caller).reversed());
        model.addAttribute("operations", operations.list(caller).reversed());
        String today = LocalDate.now().toString();
        model.addAttribute("upcoming", exercises.list(caller).stream()
                .filter(e -> String.valueOf(e.get("ends")).compareTo(today) >= 0).limit(5).toList());
        model.addAttribute("plans", plans.list(caller));
        List<Map<String, Object>> all = commitments.list(caller, null, null);
        model.addAttribute("openCommitments", all.stream().filter(c -> !CommitmentBoardPage.isFinal(c)).count());
        model.addAttribute("overdueCommitments", all.stream().filter(c -> Boolean.TRUE.equals(c.get("overdue"))).count());
        model.addAttribute("section", "overview");
        return "console/coordination";
    }
}
