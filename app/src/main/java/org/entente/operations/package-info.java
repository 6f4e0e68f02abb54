/**
 * Running a node in production: backup and restore of a node's database and home
 * ({@link org.entente.operations.NodeBackup}, {@link org.entente.operations.NodeRestore}), metrics,
 * request limits and security headers ({@code web}).
 */
package org.entente.operations;
