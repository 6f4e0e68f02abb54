/**
 * The community: participants and their tiers, organisations, users and their roles (permissions as
 * data), task forces and per-tier ceilings. {@link org.entente.community.Caller} is who is asking.
 */
package org.entente.community;
