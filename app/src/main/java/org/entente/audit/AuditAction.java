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
    /**
     * Intelligence received from a federation peer and not stored: its provenance signature did not verify
     * against the originating participant, or its label could not be mapped (subject: the object id).
     */
    FEDERATION_QUARANTINE,
    /**
     * A federation peer refused: its certificate did not match the pinned fingerprint or participant, was
     * not of the community, or it called without being paired (subject: the peer's participant).
     */
    FEDERATION_PEER_REFUSED,
    /** A task-force intelligence briefing produced (or its schedule set). */
    BRIEFING,
    /**
     * A client address refused for a while after too many failed authentications (subject: the address,
     * or an IPv6 /64); recorded once when the block starts, not for each refused request.
     */
    AUTHENTICATION_THROTTLED
}
