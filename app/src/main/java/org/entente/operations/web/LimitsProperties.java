package org.entente.operations.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Request limits ({@code entente.limits.*}, docs/OPERATIONS.md#limits).
 *
 * @param requestsPerSecond sustained requests per second per caller (API token's user, or client address
 *                          when unauthenticated) on {@code /api/**} and {@code /taxii2/**}; default 200; 0 disables
 * @param burst             how many requests a caller may make at once above that rate; default 2,000
 * @param maxBody           largest body of an ordinary request; default 1 MB
 * @param maxImportBody     largest body of a bulk request (STIX import, TAXII add objects, observations),
 *                          which are streamed and so may be large; default 2 GB
 */
@ConfigurationProperties("entente.limits")
public record LimitsProperties(Double requestsPerSecond, Integer burst, DataSize maxBody, DataSize maxImportBody) {

    public LimitsProperties {
        requestsPerSecond = requestsPerSecond == null ? 200.0 : requestsPerSecond;
        burst = burst == null ? 2000 : burst;
        maxBody = maxBody == null ? DataSize.ofMegabytes(1) : maxBody;
        maxImportBody = maxImportBody == null ? DataSize.ofGigabytes(2) : maxImportBody;
        if (requestsPerSecond < 0 || burst < 1 || maxBody.toBytes() < 1 || maxImportBody.toBytes() < 1) {
            throw new IllegalArgumentException("entente.limits: rates not negative, burst and sizes positive");
        }
    }
}
