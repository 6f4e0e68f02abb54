package org.entente.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.entente.intel.IntelReleased;
import org.entente.sharing.Audience;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every release of intelligence, and changes to tier ceilings (a sharing-policy change). Listens synchronously, so when the release happens inside a
 * transaction (a share), the audit entry commits or rolls back with it.
 */
@Component
class ReleaseAuditor {

    private final AuditLog log;

    ReleaseAuditor(AuditLog log) {
        this.log = log;
    }

    @EventListener
    void released(IntelReleased event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tlp", event.label().tlp().label());
        details.put("audience", event.label().audience().code());
        if (event.label().audience() instanceof Audience.TaskForce tf) {
            details.put("task_force", tf.taskForce().value());
        }
        details.put("owner_organisation", event.label().owner().value());
        details.put("recipient_organisations", event.recipients().stream().map(o -> o.value()).sorted().toList());
        log.record(new AuditEvent(event.actor(), AuditAction.RELEASE, event.subject(), details));
    }

    @EventListener
    void ceilingChanged(org.entente.community.CeilingChanged event) {
        log.record(new AuditEvent(event.actor(), AuditAction.PERMISSION_CHANGE, "tier-ceiling:" + event.tier().code(),
                Map.of("before", event.before().label(), "after", event.after().label())));
    }

    @EventListener
    void taskForceMembershipChanged(org.entente.community.TaskForceMembershipChanged event) {
        log.record(new AuditEvent(event.actor(), AuditAction.PERMISSION_CHANGE, "task-force:" + event.taskForce().value(),
                Map.of("participant", event.participant().value(), "change", event.member() ? "joined" : "left")));
    }
}
