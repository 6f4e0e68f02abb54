/**
 * The community: users, their roles and API tokens, and how requests are authenticated. The
 * participants, tiers and task forces of the sharing policy arrive here with issue 3.
 */
package org.entente.community;
