package org.entente.identity;

import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.Permission;
import org.entente.community.RequiresPermission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test only: an endpoint under {@code /taxii2/} (no TAXII endpoints exist yet) to prove that the
 * TAXII filter chain authenticates HTTP Basic with an API token as the password.
 */
@RestController
class TaxiiProbeController {

    static final String PATH = "/taxii2/entente-identity-probe/";

    @RequiresPermission("intel.read")
    @GetMapping(PATH)
    Map<String, Object> whoAmI(Caller caller) {
        return Map.of("username", caller.username(),
                "permissions", caller.permissions().stream().map(Permission::code).sorted().toList());
    }
}
