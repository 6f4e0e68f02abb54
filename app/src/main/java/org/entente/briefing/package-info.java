/**
 * Task-force intelligence briefings: per task force, on a schedule (exactly once per due time across
 * instances) or on request, a STIX report of what is new in the task force's scope and visible to all
 * its members, stored for the task force through the store and rendered as HTML and PDF; each produced
 * briefing is audited and announced as a stream notification of kind {@code briefing}. See
 * docs/COORDINATION.md, "Briefings".
 */
package org.entente.briefing;
