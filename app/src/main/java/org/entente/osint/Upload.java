package org.entente.osint;

import java.util.Objects;
import java.util.Optional;

import org.entente.sharing.Audience;
import org.entente.stix.Tlp;

/**
 * A page to ingest: its bytes as received, their media type, where it came from, and the label its intelligence
 * takes (TLP and audience, owned by the uploader's organisation).
 *
 * @param content      the body, possibly gzip
 * @param contentType  {@code text/html}, {@code text/plain} or {@code application/gzip} (parameters allowed)
 * @param source       file name or URL, required
 * @param url          the page's address, when known
 * @param originReport for a page that arrived as an artifact of a STIX report (TAXII, import): that report's id and
 *                     the version the page was found in, which the article follows (relabels, deletion)
 */
public record Upload(byte[] content, String contentType, String source, Optional<String> url, Tlp tlp, Audience audience,
                     Optional<OriginReport> originReport) {

    /** The STIX report a page arrived in: its id and version key ({@code StixTimestamp.versionKey}). */
    public record OriginReport(String id, String version) {
        public OriginReport {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(version, "version");
        }
    }

    public Upload {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(originReport, "originReport");
    }
}
