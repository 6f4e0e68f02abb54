package org.entente.console.web;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Meetings;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * One meeting: date, place, participants, agenda and outcomes. The module lists an outcome only while
 * the reader sees what it links to (a commitment, a declaration), so its link never names a hidden record.
 */
@Controller
class MeetingPage {

    private final Meetings meetings;

    MeetingPage(Meetings meetings) {
        this.meetings = meetings;
    }

    @RequiresPermission("coordination.read")
    @GetMapping(path = "/console/coordination/meetings/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String meeting(@PathVariable String id, Caller caller, Model model) {
        long meeting = CoordinationCalls.id(id);
        model.addAttribute("meeting", CoordinationCalls.read(() -> meetings.view(caller, meeting)));
        // A task force's workspace is for its members: link to it only for them (others would meet a 404).
        model.addAttribute("myTaskForces", caller.taskForces().stream().map(t -> String.valueOf(t.value())).toList());
        model.addAttribute("section", "overview");
        return "console/coordination-meeting";
    }
}
