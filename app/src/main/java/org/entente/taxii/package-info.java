/**
 * TAXII 2.1 server (OASIS Standard, 10 June 2021): discovery, one API root, collections that are views
 * of the store through the sharing policy, objects, manifest, versions and status resources.
 */
package org.entente.taxii;
