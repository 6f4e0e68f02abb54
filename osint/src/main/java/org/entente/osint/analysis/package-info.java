/**
 * Analysis of extracted articles across sources: near-duplicates, entities, event grouping and
 * conflicting claims. Pure Java; the node's {@code osint} module stores the results as STIX.
 */
package org.entente.osint.analysis;
