/**
 * Correlation: what members observed, against the indicators of the store. The
 * {@link org.entente.correlation.Correlation} service matches submitted observations
 * ({@code POST /api/v1/observations}) and observed-data arriving by import or TAXII, through an index of
 * every current indicator (kept up to date from {@code IntelStored} / {@code IntelDeleted}); only
 * indicators the submitter may read count. Each match becomes a STIX sighting under the submission's
 * own label and an alert for everyone that label reaches. Warninglists
 * ({@link org.entente.correlation.WarninglistRegistry}) suppress matches on harmless common values.
 * The index itself ({@code index} sub-package) is internal.
 */
package org.entente.correlation;
