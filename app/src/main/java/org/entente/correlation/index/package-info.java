/**
 * Correlation index (issue 5): {@link org.entente.correlation.index.IndicatorIndex} compiles the
 * patterns of the indicators visible to the node into in-memory hash indexes (values, dot-suffixes of
 * names, address blocks) so that an observation is correlated by looking up its values, and only the
 * candidates (and the residue the index cannot decide) go to the full pattern matcher.
 * {@link org.entente.correlation.index.Warninglists} suppresses hits on known-benign values.
 * Pure Java: no Spring, no database.
 */
package org.entente.correlation.index;
