package org.entente.correlation.web;

import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.correlation.WarninglistRegistry;
import org.entente.node.BadParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Warninglists: every reader may list them (they hold no intelligence); administrators change them. */
@RestController
@RequestMapping("/api/v1/warninglists")
class WarninglistsController {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final WarninglistRegistry registry;

    WarninglistsController(WarninglistRegistry registry) {
        this.registry = registry;
    }

    record ListBody(String reason, List<String> values) {
    }

    @RequiresPermission("intel.read")
    @GetMapping
    Map<String, Object> list() {
        return Map.of("warninglists", registry.list().stream().map(l -> Map.of("name", l.name(), "reason", l.reason(),
                "size", l.size(), "builtIn", l.builtIn())).toList());
    }

    @RequiresPermission("intel.read")
    @GetMapping("/{name}")
    ResponseEntity<WarninglistRegistry.Listing> one(@PathVariable String name) {
        return registry.get(name).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    @RequiresPermission("community.admin")
    @PutMapping("/{name}")
    ResponseEntity<WarninglistRegistry.Listing> put(@PathVariable String name, @RequestBody ListBody body, Caller caller) {
        if (!NAME.matcher(name).matches()) {
            throw new BadParameterException("name", "must be lower-case letters, digits, '.', '_' or '-' (at most 100)");
        }
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw new BadParameterException("reason", "is required: why these values are harmless");
        }
        if (body.values() == null || body.values().isEmpty()) {
            throw new BadParameterException("values", "must be a non-empty array of values");
        }
        if (body.values().stream().anyMatch(v -> v == null || v.isBlank())) {
            throw new BadParameterException("values", "must not hold empty values");
        }
        boolean created = registry.put(name, body.reason().strip(), body.values(), caller.username());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(registry.get(name).orElseThrow());
    }

    @RequiresPermission("community.admin")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name, Caller caller) {
        return registry.delete(name, caller.username()) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }
}
