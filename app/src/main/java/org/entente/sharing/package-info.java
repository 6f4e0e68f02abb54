/**
 * Sharing: the one decision point for every disclosure ({@link org.entente.sharing.SharingPolicy}),
 * the labels objects carry ({@link org.entente.sharing.SharingLabel}, {@link org.entente.sharing.Audience})
 * and the same policy compiled to SQL ({@link org.entente.sharing.SqlFilter}).
 */
package org.entente.sharing;
