/**
 * The node itself: its home folder, its database (embedded or external) and its settings. Other
 * modules see only {@link org.entente.node.NodeProperties}.
 */
package org.entente.node;
