/**
 * The web console: server-rendered pages (Thymeleaf, htmx, Cytoscape.js from WebJars) over the other
 * modules' public APIs only, so that the sharing policy decides every object, name and count a page
 * shows exactly as it does for the HTTP API. Pages live in {@code web}; how to add one is in
 * docs/CONSOLE.md.
 */
package org.entente.console;
