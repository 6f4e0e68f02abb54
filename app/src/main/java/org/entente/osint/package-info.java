/**
 * OSINT: open-source articles ingested into the store. A page (HTML or text, plain or gzip) is extracted, analysed
 * (near-duplicates, entities, claims; {@code org.entente.osint.analysis}), written as STIX (a report per article,
 * identities and locations with deterministic ids) through {@link org.entente.intel.StixStore} under the upload's
 * label, grouped into events, and its claims compared with the event's other reports. Every read goes through
 * {@link org.entente.sharing.SharingPolicy}: an article, event, entity or conflict outside the caller's audience
 * is absent, even as a count. {@link org.entente.osint.Osint} is the module's API; docs/OSINT.md explains the rules.
 */
package org.entente.osint;
