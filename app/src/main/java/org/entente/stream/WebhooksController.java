package org.entente.stream;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.node.BadParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's webhooks: {@code POST /api/v1/webhooks} registers one (the secret is in the answer, this
 * once), {@code GET} lists them, {@code DELETE /{id}} removes one, {@code GET /{id}/deliveries} shows
 * recent deliveries and their attempts. Users see and change only their own webhooks; another user's
 * answers 404 like a missing one. Receiving notifications is reading intelligence: intel.read.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@RequiresPermission("intel.read")
class WebhooksController {

    private final Webhooks webhooks;

    WebhooksController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /**
     * @param url        where to POST (http or https)
     * @param kinds      notification kinds to receive; none: every kind
     * @param types      subject STIX types; none: every type
     * @param taskForces task force ids whose audience to receive; none: any audience
     * @param tlp        the highest TLP to receive; none: any
     * @param secret     the signing secret; none: one is generated (and returned once)
     */
    record Registration(String url, List<String> kinds, List<String> types, List<Object> taskForces, String tlp, String secret) {
        @Override
        public String toString() {
            return "Registration[" + url + "]";
        }
    }

    /** The registered webhook and its secret, shown this once. */
    record Registered(long id, String url, List<String> kinds, List<String> types, List<Long> taskForces, String tlp,
                      java.time.Instant createdAt, String secret) {
        @Override
        public String toString() {
            return "Registered[" + id + ", " + url + "]";
        }
    }

    @PostMapping
    ResponseEntity<Registered> register(@RequestBody Registration r, Caller caller) {
        if (r == null) {
            throw new BadParameterException("url", "is required: the http or https URL to POST notifications to");
        }
        Webhooks.Created created = webhooks.create(caller, r.url(), r.kinds(), r.types(),
                r.taskForces() == null ? null : r.taskForces().stream().map(String::valueOf).toList(), r.tlp(), r.secret());
        Webhooks.View v = created.webhook();
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + v.id()))
                .body(new Registered(v.id(), v.url(), v.kinds(), v.types(), v.taskForces(), v.tlp(), v.createdAt(), created.secret()));
    }

    @GetMapping
    Map<String, List<Webhooks.View>> list(Caller caller) {
        return Map.of("webhooks", webhooks.list(caller));
    }

    @GetMapping("/{id}")
    Webhooks.View one(@PathVariable long id, Caller caller) {
        return webhooks.view(caller, id).orElseThrow(() -> notFound(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, Caller caller) {
        if (!webhooks.delete(caller, id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    Map<String, List<Webhooks.Delivery>> deliveries(@PathVariable long id, @RequestParam(required = false) String limit,
                                                    Caller caller) {
        webhooks.view(caller, id).orElseThrow(() -> notFound(id));
        int n = 100;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 1000) {
                throw new BadParameterException("limit", "must be a number from 1 to 1000");
            }
        }
        return Map.of("deliveries", webhooks.deliveries(caller, id, n));
    }

    private static ErrorResponseException notFound(long id) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "You have no webhook with id " + id + ".");
        p.setTitle("Not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, p, null);
    }
}
