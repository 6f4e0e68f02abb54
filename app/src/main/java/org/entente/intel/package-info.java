/**
 * Intelligence: the STIX 2.1 knowledge store. {@link org.entente.intel.StixStore} is the module's API;
 * the SQL and the COPY encoding stay package-private.
 */
package org.entente.intel;
