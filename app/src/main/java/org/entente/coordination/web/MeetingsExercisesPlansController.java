package org.entente.coordination.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Exercises;
import org.entente.coordination.Meetings;
import org.entente.coordination.Plans;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Meetings, exercises and contingency plans. */
@RestController
@RequestMapping("/api/v1/coordination")
class MeetingsExercisesPlansController {

    private final Meetings meetings;
    private final Exercises exercises;
    private final Plans plans;

    MeetingsExercisesPlansController(Meetings meetings, Exercises exercises, Plans plans) {
        this.meetings = meetings;
        this.exercises = exercises;
        this.plans = plans;
    }

    /** {@code {"title", "place", "date", "participants"?, "agenda"?: [text], "sharing"?}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/meetings")
    ResponseEntity<Map<String, Object>> createMeeting(InputStream body, Caller caller) throws IOException {
        long id = meetings.create(caller, Bodies.read(body));
        return ResponseEntity.created(URI.create("/api/v1/coordination/meetings/" + id)).body(meetings.view(caller, id));
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/meetings")
    Map<String, Object> meetings(Caller caller) {
        List<Map<String, Object>> items = meetings.list(caller);
        return Map.of("meetings", items, "count", items.size());
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/meetings/{id}")
    Map<String, Object> meeting(@PathVariable long id, Caller caller) {
        return meetings.view(caller, id);
    }

    /** {@code {"text", "commitment"? | "declaration"? | "task_force"?}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/meetings/{id}/outcomes")
    Map<String, Object> outcome(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        return meetings.addOutcome(caller, id, Bodies.read(body));
    }

    /** {@code {"name", "scenario", "starts", "ends", "participants": [ids], "sharing"?}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/exercises")
    ResponseEntity<Map<String, Object>> createExercise(InputStream body, Caller caller) throws IOException {
        long id = exercises.create(caller, Bodies.read(body));
        return ResponseEntity.created(URI.create("/api/v1/coordination/exercises/" + id)).body(exercises.view(caller, id));
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/exercises")
    Map<String, Object> exercises(Caller caller) {
        List<Map<String, Object>> items = exercises.list(caller);
        return Map.of("exercises", items, "count", items.size());
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/exercises/{id}")
    Map<String, Object> exercise(@PathVariable long id, Caller caller) {
        return exercises.view(caller, id);
    }

    /** {@code {"after_action_report"}} */
    @RequiresPermission("coordination.write")
    @PutMapping("/exercises/{id}/after-action-report")
    Map<String, Object> report(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        return exercises.report(caller, id, Bodies.read(body));
    }

    /** {@code {"name", "hazard", "sharing"?}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/plans")
    ResponseEntity<Map<String, Object>> createPlan(InputStream body, Caller caller) throws IOException {
        long id = plans.create(caller, Bodies.read(body));
        return ResponseEntity.created(URI.create("/api/v1/coordination/plans/" + id)).body(plans.view(caller, id));
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/plans")
    Map<String, Object> plans(Caller caller) {
        List<Map<String, Object>> items = plans.list(caller);
        return Map.of("plans", items, "count", items.size());
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/plans/{id}")
    Map<String, Object> plan(@PathVariable long id, Caller caller) {
        return plans.view(caller, id);
    }

    /** {@code {"type", "quantity", "unit"?, "readiness_hours"}}: the caller's participant offers a resource. */
    @RequiresPermission("coordination.write")
    @PostMapping("/plans/{id}/resources")
    Map<String, Object> offer(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        return plans.offer(caller, id, Bodies.read(body));
    }
}
