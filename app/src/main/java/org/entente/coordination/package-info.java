/**
 * Coordination of the community's cooperation: meetings and their outcomes, commitments (with a state
 * machine and history), joint cyber operations (tasks, an agreed protocol, a timeline, links to
 * intelligence by id), exercises, contingency plans with offered resources, and joint declarations
 * adopted by consensus of the full members with signed endorsements. Every record carries a sharing
 * label and every read passes {@link org.entente.sharing.SharingPolicy}; every change is audited.
 * See docs/COORDINATION.md.
 */
package org.entente.coordination;
