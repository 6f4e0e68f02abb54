package org.entente.console.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Operations;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A joint operation: state, participants, its agreed protocol (checklist), tasks (owner, deadline,
 * state; open tasks past their deadline marked) and its timeline, as a server-drawn picture
 * ({@link OperationTimeline}) and as a table. Links to intelligence are those the module lets this
 * reader see (it leaves out objects the reader may not read, from the links and the timeline alike).
 */
@Controller
class OperationPage {

    record Task(long id, String title, String owner, String deadline, String state, boolean late) {
    }

    private final Operations operations;
    private final Community community;
    private final Times times;

    OperationPage(Operations operations, Community community, Times times) {
        this.operations = operations;
        this.community = community;
        this.times = times;
    }

    @SuppressWarnings("unchecked")
    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/operations/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String operation(@PathVariable String id, Caller caller, Model model) {
        long operation = CoordinationCalls.id(id);
        Map<String, Object> o = CoordinationCalls.read(() -> operations.view(caller, operation));
        List<Map<String, Object>> timeline = CoordinationCalls.read(() -> operations.timeline(caller, operation));
        LocalDate today = LocalDate.now();
        List<Task> tasks = new ArrayList<>();
        List<OperationTimeline.Event> events = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) o.get("tasks")) {
            String state = String.valueOf(t.get("state"));
            LocalDate deadline = LocalDate.parse(String.valueOf(t.get("deadline")));
            boolean open = !state.equals("done") && !state.equals("cancelled");
            long owner = ((Number) t.get("owner_organisation")).longValue();
            tasks.add(new Task(((Number) t.get("id")).longValue(), String.valueOf(t.get("title")),
                    community.organisation(new OrganisationId(owner)).map(Community.Organisation::name).orElse("organisation " + owner),
                    deadline.toString(), state, open && deadline.isBefore(today)));
            events.add(new OperationTimeline.Event(OperationTimeline.endOfDay(deadline), "deadline",
                    "Deadline: " + t.get("title") + " (" + state + ")"));
        }
        for (Map<String, Object> e : timeline) {
            events.add(new OperationTimeline.Event(Instant.parse(String.valueOf(e.get("at"))), kind(String.valueOf(e.get("action"))),
                    describe(e)));
        }
        model.addAttribute("operation", o);
        model.addAttribute("tasks", tasks);
        model.addAttribute("timeline", timeline.stream().map(e -> Map.of("at", Instant.parse(String.valueOf(e.get("at"))),
                "actor", String.valueOf(e.get("actor")), "text", describe(e))).toList());
        model.addAttribute("picture", OperationTimeline.layout(events, times));
        model.addAttribute("section", "overview");
        return "console/coordination-operation";
    }

    /** The CSS class of a history entry's mark. */
    static String kind(String action) {
        return switch (action) {
            case "created" -> "created";
            case "state" -> "state";
            case "linked" -> "linked";
            case "task", "task-state" -> "task";
            case "checked" -> "checked";
            default -> "other";
        };
    }

    static String describe(Map<String, Object> e) {
        String action = String.valueOf(e.get("action"));
        Object from = e.get("from");
        Object to = e.get("to");
        Object note = e.get("note");
        StringBuilder s = new StringBuilder(switch (action) {
            case "created" -> "Created";
            case "state" -> "State";
            case "linked" -> "Linked intelligence";
            case "checked" -> "Protocol checked";
            default -> action.substring(0, 1).toUpperCase() + action.substring(1).replace('-', ' ');
        });
        if (from != null || to != null) {
            s.append(": ").append(from == null ? "" : from + " → ").append(to == null ? "" : to);
        }
        if (note != null && !String.valueOf(note).isBlank()) {
            s.append(" — ").append(note);
        }
        s.append(" (").append(e.get("actor")).append(")");
        return s.toString();
    }
}
