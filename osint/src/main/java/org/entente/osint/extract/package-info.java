/**
 * Article extraction: main text, title, author, publication date and language from HTML or scraped text.
 * Pure Java on jsoup; no Spring and no network, so {@code entente osint extract} runs without a node.
 */
package org.entente.osint.extract;
