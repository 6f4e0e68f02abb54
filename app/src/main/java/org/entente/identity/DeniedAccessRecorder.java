package org.entente.identity;

import org.entente.community.Caller;
import org.entente.community.Permission;

/** Where refusals by {@link PermissionInterceptor} are recorded: the audit log ({@code ACCESS_DENIED}). */
@FunctionalInterface
interface DeniedAccessRecorder {
    void denied(Caller caller, Permission missing, String request);
}
