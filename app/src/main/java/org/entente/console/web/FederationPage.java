package org.entente.console.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.federation.FederationHealth;
import org.entente.federation.FederationOverview;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Federation for the liaison ({@code federation.admin}): each peer's state, lag (time since its feed was
 * last read to the end), counts, last error and quarantine; the certificates in use with their expiry
 * (those expiring within {@link #EXPIRY_WARNING_DAYS} days are flagged); and the newest quarantined
 * entries. Read through the federation module's public API only.
 */
@Controller
class FederationPage {

    static final int EXPIRY_WARNING_DAYS = 30;
    static final int QUARANTINE_SHOWN = 50;

    record Peer(FederationHealth.PeerStatus status, String lag, boolean lagging) {
    }

    record Certificate(FederationOverview.CertificateInfo info, String expiry) {
    }

    private final FederationHealth health;
    private final FederationOverview overview;

    FederationPage(FederationHealth health, FederationOverview overview) {
        this.health = health;
        this.overview = overview;
    }

    @RequiresPermission("federation.admin")
    @GetMapping(path = "/console/federation", produces = MediaType.TEXT_HTML_VALUE)
    String federation(Caller caller, Model model) {
        Instant now = Instant.now();
        List<Peer> peers = health.peers().stream().map(p -> {
            Duration lag = p.caughtUpAt() == null ? null : Duration.between(p.caughtUpAt(), now);
            return new Peer(p, lag == null ? "never caught up" : human(lag), lag == null || lag.toMinutes() >= 10);
        }).toList();
        model.addAttribute("peers", peers);
        model.addAttribute("enabled", overview.enabled());
        model.addAttribute("certificates", overview.certificates().stream().map(c -> new Certificate(c, expiry(c, now))).toList());
        model.addAttribute("quarantine", overview.quarantine(QUARANTINE_SHOWN));
        model.addAttribute("quarantineShown", QUARANTINE_SHOWN);
        model.addAttribute("warningDays", EXPIRY_WARNING_DAYS);
        return "console/federation";
    }

    /** "expired", "expiring" (within the warning window) or "valid". */
    static String expiry(FederationOverview.CertificateInfo c, Instant now) {
        if (c.notAfter() == null) {
            return "unknown";
        }
        if (c.notAfter().isBefore(now)) {
            return "expired";
        }
        return c.notAfter().isBefore(now.plus(Duration.ofDays(EXPIRY_WARNING_DAYS))) ? "expiring" : "valid";
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86_400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86_400) + " d " + (s % 86_400 / 3600) + " h";
    }
}
