package org.entente.community;

import java.util.Arrays;
import java.util.Optional;

/**
 * The permissions Entente checks. Roles are data (table {@code role_permission}) mapping to these
 * names; code only ever asks "does the caller hold permission X".
 */
public enum Permission {
    /** Read intelligence within the caller's audience. */
    INTEL_READ("intel.read"),
    /** Create and import intelligence, owned by the caller's organisation. */
    INTEL_WRITE("intel.write"),
    /** Share within the caller's own organisation, or narrow an audience. */
    INTEL_SHARE("intel.share"),
    /** Release outside the caller's own organisation (widening an audience is a release). */
    INTEL_PUBLISH("intel.publish"),
    /** Administer this node's federation peers. */
    FEDERATION_ADMIN("federation.admin"),
    /** Administer participants, organisations, users, roles and task forces. */
    COMMUNITY_ADMIN("community.admin"),
    /** Read and verify the audit log. */
    AUDIT_READ("audit.read"),
    /** Read coordination records (meetings, commitments, operations, exercises, plans, declarations) within their audience. */
    COORDINATION_READ("coordination.read"),
    /** Create and change coordination records. */
    COORDINATION_WRITE("coordination.write"),
    /** Endorse or withhold a joint declaration on behalf of the caller's participant (a full member). */
    DECLARATION_ENDORSE("declaration.endorse"),
    /** Scrape the node's metrics ({@code /actuator/prometheus}); role {@code monitor}. */
    METRICS_READ("metrics.read");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Permission> byCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }
}
