package org.entente.coordination.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Commitments;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/coordination/commitments")
class CommitmentsController {

    private final Commitments commitments;

    CommitmentsController(Commitments commitments) {
        this.commitments = commitments;
    }

    @RequiresPermission("coordination.write")
    @PostMapping
    ResponseEntity<Map<String, Object>> create(InputStream body, Caller caller) throws IOException {
        long id = commitments.create(caller, Bodies.read(body));
        return ResponseEntity.created(URI.create("/api/v1/coordination/commitments/" + id)).body(commitments.view(caller, id));
    }

    @RequiresPermission("coordination.read")
    @GetMapping
    Map<String, Object> list(Caller caller, @RequestParam(required = false) Long participant, @RequestParam(required = false) String status) {
        List<Map<String, Object>> items = commitments.list(caller, participant, status);
        return Map.of("commitments", items, "count", items.size());
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/board")
    Map<String, Object> board(Caller caller) {
        return commitments.board(caller);
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/{id}")
    Map<String, Object> one(@PathVariable long id, Caller caller) {
        return commitments.view(caller, id);
    }

    /** {@code {"status": "accepted", "note": "..."}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/status")
    Map<String, Object> status(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        JsonNode b = Bodies.read(body);
        return commitments.transition(caller, id, b.path("status").asString(null), b.path("note").asString(null));
    }

    /** {@code {"kind": "exercise"|"intelligence", "ref": ..., "note": ...}} */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/evidence")
    Map<String, Object> evidence(@PathVariable long id, InputStream body, Caller caller) throws IOException {
        return commitments.addEvidence(caller, id, Bodies.read(body));
    }
}
