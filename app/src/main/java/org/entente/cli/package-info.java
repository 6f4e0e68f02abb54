/** The command-line client: talks to a node over HTTP; starts no Spring context. */
package org.entente.cli;
