package org.entente.coordination.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Operations;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/coordination/operations")
class OperationsController {

    private final Operations operations;

    OperationsController(Operations operations) {
        this.operations = operations;
    }

    /** {@code {"name", "type"?, "description"?, "participants": [ids], "sharing"?}} */
    @RequiresPermission("coordination.write")
    @PostMapping
    ResponseEntity<Map<String, Object>> create(InputStream body, Caller caller) throws IOException {
        long id = operations.create(caller, Bodies.read(body));
        return ResponseEntity.created(URI.create("/api/v1/coordination/operations/" + id)).body(operations.view(caller, id));
    }

    @RequiresPermission("coordination.read")
    @GetMapping
    Map<String, Object> list(Caller caller) {
        List<Map<String, Object>> items = operations.list(caller);
        return Map.of("operations", items, "count", items.size());
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/{id}")
    Map<String, Object> one(@PathVariable long id, Caller caller) {
        return operations.view(caller, id);
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/{id}/timeline")
    Map<String, Object> timeline(@PathVariable long id, Caller caller) {
        return Map.of("events", operations.timeline(caller, id));
    }

    /** {@code {"state": "active"|"concluded"|"aborted", "note"?}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/state")
    Map<String, Object> state(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        JsonNode b = Bodies.read(body);
        return operations.transition(caller, id, b.path("state").asString(null), b.path("note").asString(null));
    }

    /** {@code {"stix_id"}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/links")
    Map<String, Object> link(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        return operations.link(caller, id, Bodies.read(body));
    }

    /** {@code {"title", "owner_organisation", "deadline"}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/tasks")
    Map<String, Object> task(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        return operations.addTask(caller, id, Bodies.read(body));
    }

    /** {@code {"state": "in-progress"|"done"|"cancelled"}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/tasks/{task}/state")
    Map<String, Object> taskState(@PathVariable long id, @PathVariable long task, InputStream body, Caller caller) throws IOException {
        return operations.moveTask(caller, id, task, Bodies.read(body).path("state").asString(null));
    }

    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/protocol/{item}/check")
    Map<String, Object> check(@PathVariable long id, @PathVariable int item, Caller caller) {
        return operations.check(caller, id, item);
    }
}
