/**
 * A TAXII 2.1 client (OASIS TAXII 2.1, 10 June 2021): discovery, API roots, collections, objects with
 * paging, manifests, versions, adding objects with status polling, and resumable pulls.
 *
 * <p>Start with {@link org.entente.taxii.client.TaxiiClient#builder(String)}. Every failure is a
 * {@link org.entente.taxii.client.TaxiiException} (unchecked), carrying the HTTP status and the server's
 * TAXII error message when there was one. Pure Java ({@code java.net.http}); no Spring.
 */
package org.entente.taxii.client;
