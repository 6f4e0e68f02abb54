package org.entente.console.web;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.intel.StixStore;
import org.entente.intel.StoredObject;
import org.entente.stix.BundleWriter;
import org.entente.stix.StixId;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Exports a selection (the latest version of each selected object the caller may see) as one STIX
 * bundle to download. Ids the caller may not see are left out exactly like ids that do not exist.
 */
@Controller
class ExportController {

    static final int MAX_SELECTION = 1000;

    private final StixStore store;

    ExportController(StixStore store) {
        this.store = store;
    }

    @RequiresPermission("intel.read")
    @GetMapping(path = "/console/intel/export")
    ResponseEntity<byte[]> export(@RequestParam(name = "id", required = false) List<String> ids, Caller caller) throws Exception {
        if (ids == null || ids.isEmpty()) {
            throw ConsolePageException.badRequest("Select at least one object to export.");
        }
        if (ids.size() > MAX_SELECTION) {
            throw ConsolePageException.badRequest("Select at most " + MAX_SELECTION + " objects; use the export API for more.");
        }
        Set<String> unique = new LinkedHashSet<>(ids);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = 0;
        try (BundleWriter writer = new BundleWriter(out)) {
            for (String id : unique) {
                Optional<StoredObject> o = StixId.tryParse(id).flatMap(s -> store.latest(caller, s));
                if (o.isPresent()) {
                    writer.writeRaw(o.get().json());
                    written++;
                }
            }
        }
        if (written == 0) {
            throw ConsolePageException.notFound();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/stix+json;version=2.1"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"entente-selection.json\"")
                .body(out.toByteArray());
    }
}
