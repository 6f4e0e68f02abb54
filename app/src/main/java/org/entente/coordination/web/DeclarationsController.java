package org.entente.coordination.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.coordination.Declarations;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/coordination/declarations")
class DeclarationsController {

    private final Declarations declarations;

    DeclarationsController(Declarations declarations) {
        this.declarations = declarations;
    }

    /** {@code {"title", "text"?, "signatories"?: [participant ids], "chair"?, "meeting"?, "sharing"?}} */
    @RequiresPermission("coordination.write")
    @PostMapping
    ResponseEntity<Map<String, Object>> create(InputStream body, Caller caller) throws IOException {
        String id = declarations.create(caller, Bodies.read(body));
        return ResponseEntity.created(URI.create("/api/v1/coordination/declarations/" + id)).body(declarations.view(caller, id));
    }

    @RequiresPermission("coordination.read")
    @GetMapping
    Map<String, Object> list(Caller caller) {
        List<Map<String, Object>> items = declarations.list(caller);
        return Map.of("declarations", items, "count", items.size());
    }

    @RequiresPermission("coordination.read")
    @GetMapping("/{id}")
    Map<String, Object> one(@PathVariable String id, Caller caller) {
        return declarations.view(caller, id);
    }

    /** The adopted text with every signature and public key, verifiable offline ({@code entente declaration verify}). */
    @RequiresPermission("coordination.read")
    @GetMapping("/{id}/document")
    Map<String, Object> document(@PathVariable String id, Caller caller) {
        return declarations.document(caller, id);
    }

    /** {@code {"text"}}: a new, immutable revision. */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/revisions")
    Map<String, Object> revise(@PathVariable String id, InputStream body, Caller caller) throws IOException {
        return declarations.revise(caller, id, Bodies.read(body));
    }

    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/revisions/{version}/comments")
    Map<String, Object> comment(@PathVariable String id, @PathVariable int version, InputStream body, Caller caller) throws IOException {
        return declarations.comment(caller, id, version, Bodies.read(body));
    }

    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/circulation")
    Map<String, Object> circulate(@PathVariable String id, Caller caller) {
        return declarations.circulate(caller, id);
    }

    /** {@code {"version", "decision": "endorse"|"withhold", "reason"?}}, signed with the caller's participant's key. */
    @RequiresPermission("declaration.endorse")
    @PostMapping("/{id}/endorsements")
    Map<String, Object> decide(@PathVariable String id, InputStream body, Caller caller) throws IOException {
        return declarations.decide(caller, id, Bodies.read(body));
    }

    /** {@code {"version"}}: an observer's or dialogue partner's support (never counted). */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/support")
    Map<String, Object> support(@PathVariable String id, InputStream body, Caller caller) throws IOException {
        return declarations.support(caller, id, Bodies.read(body));
    }

    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/circulation/close")
    Map<String, Object> close(@PathVariable String id, Caller caller) {
        return declarations.close(caller, id);
    }

    /** {@code {"text"}}: the chair's statement after a failed consensus. */
    @RequiresPermission("coordination.write")
    @PostMapping("/{id}/chair-statement")
    Map<String, Object> chairStatement(@PathVariable String id, InputStream body, Caller caller) throws IOException {
        return declarations.chairStatement(caller, id, Bodies.read(body));
    }
}
