package org.entente.audit;

/**
 * What an audit entry records. Stored by name, so new actions can be added at the end or anywhere;
 * an action must never be renamed (its name is part of every hash that used it).
 */
public enum AuditAction {
    /** Intelligence released outside its owner's organisation (an audience widened). */
    RELEASE,
    /** Intelligence disclosed to another participant (sent, or served to it). */
    DISCLOSURE,
    /** A role, permission, membership or sharing rule changed. */
    PERMISSION_CHANGE,
    LOGIN,
    LOGIN_FAILED,
    /** A request or operation refused for lack of permission. */
    ACCESS_DENIED,
    TOKEN_ISSUED,
    TOKEN_REVOKED,
    /** A participant's declaration (e.g. accepted terms, a sharing commitment). */
    DECLARATION,
    /** A coordination record (meeting, commitment, operation, exercise, plan, joint declaration) created or changed. */
    COORDINATION_CHANGE,
    /** A task-force intelligence briefing produced (or its schedule set). */
    BRIEFING
}
