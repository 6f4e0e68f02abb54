package org.entente.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Permission;
import org.entente.community.RequiresPermission;
import org.entente.identity.LiveCallers;
import org.entente.identity.LiveCallers.LiveCaller;
import org.entente.identity.Problems;
import org.entente.node.BadParameterException;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.stream.StreamHub.Entry;
import org.entente.stream.StreamHub.Subscriber;
import org.entente.stream.StreamHub.Subscription;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/stream} (bearer token) and {@code /console/stream} (console session): the caller's
 * notifications as Server-Sent Events, for as long as the client stays. The request's own (virtual)
 * thread writes the stream, so an open stream costs a parked virtual thread and a bounded queue.
 *
 * <p>Before every write the caller is read again ({@link LiveCallers}) and each notification is decided
 * by the sharing policy for that caller: a user taken out of a task force stops receiving its
 * notifications at the next event, and a stream whose token was revoked or expired (or whose session
 * ended) is closed, at the next event or heartbeat at the latest. Replayed events ({@code Last-Event-ID})
 * are decided the same way, so a replay never shows what the caller may no longer see.
 */
@RestController
class SseController {

    private static final Set<String> PARAMETERS = Set.of("kind", "type", "task-force", "tlp", "last-event-id");
    private static final String[] NAMES = {"kind", "type", "task-force", "tlp"};
    private static final JsonMapper JSON = JsonMapper.shared();

    private final StreamHub hub;
    private final SharingPolicy policy;
    private final Community community;
    private final LiveCallers liveCallers;
    private final StreamProperties properties;

    SseController(StreamHub hub, SharingPolicy policy, Community community, LiveCallers liveCallers, StreamProperties properties) {
        this.hub = hub;
        this.policy = policy;
        this.community = community;
        this.liveCallers = liveCallers;
        this.properties = properties;
    }

    @GetMapping({"/api/v1/stream", "/console/stream"})
    @RequiresPermission("intel.read")
    void stream(@RequestParam MultiValueMap<String, String> params,
                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new BadParameterException(name, "is not a filter of the stream; filters: kind, type, task-force, tlp");
            }
        }
        DeliveryFilter filter = DeliveryFilter.parse(params.get("kind"), params.get("type"), params.get("task-force"),
                params.get("tlp"), community, NAMES);
        Long lastEventId = lastEventId(lastEventIdHeader, params.getFirst("last-event-id"));
        LiveCaller live = liveCallers.ofCurrentRequest(request).orElseThrow();

        Optional<Caller> caller = current(live);
        Subscription subscription;
        try {
            subscription = hub.subscribe(filter, caller.orElse(null), lastEventId);
        } catch (StreamHub.TooManyStreams e) {
            response.setHeader("Retry-After", "30");
            Problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
            return;
        }
        Subscriber subscriber = subscription.subscriber();
        try {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no");
            Events out = new Events(response.getOutputStream());
            out.raw("retry: 3000\n: entente stream\n\n");
            // lastWritten: the newest id this caller was sent (or gave), the only id ever reported back to it;
            // lastSeen: the newest id handled, sent or not, so that nothing is handled twice. Never reported:
            // the ids of what the caller may not see are not its to know.
            long lastWritten = lastEventId == null ? 0 : lastEventId;
            long lastSeen = lastWritten;
            if (subscription.gap()) {
                out.event(null, "gap", JSON.writeValueAsString(Map.of("lastEventId", lastWritten,
                        "detail", "Some notifications after your Last-Event-ID are no longer kept; they cannot be replayed.")));
            }
            if (caller.isEmpty()) {
                end(out, subscriber, "credential", lastWritten);
                return;
            }
            for (Entry e : subscription.replay()) {
                if (policy.decide(caller.get(), e.notification().label()).allowed()) {
                    out.event(e.id(), e.notification().kind(), e.notification().payloadJson());
                    lastWritten = Math.max(lastWritten, e.id());
                }
                lastSeen = Math.max(lastSeen, e.id());
            }
            out.flush();

            long heartbeat = properties.heartbeat().toMillis();
            long nextBeat = System.currentTimeMillis() + heartbeat;
            List<Entry> batch = new ArrayList<>();
            while (true) {
                if (subscriber.endReason != null) {
                    end(out, subscriber, subscriber.endReason, lastWritten);
                    return;
                }
                Entry first = subscriber.poll(Math.max(1, nextBeat - System.currentTimeMillis()));
                if (first == null) {
                    caller = current(live);
                    if (caller.isEmpty()) {
                        end(out, subscriber, "credential", lastWritten);
                        return;
                    }
                    subscriber.reader = caller.get();
                    out.raw(": heartbeat\n\n");
                    out.flush();
                    nextBeat = System.currentTimeMillis() + heartbeat;
                    continue;
                }
                batch.clear();
                batch.add(first);
                subscriber.queue.drainTo(batch, 63);
                if (subscriber.endReason != null) {
                    continue; // overflow or shutdown: say so instead of writing a partial batch
                }
                caller = current(live);
                if (caller.isEmpty()) {
                    end(out, subscriber, "credential", lastWritten);
                    return;
                }
                subscriber.reader = caller.get();
                Map<SharingLabel, Boolean> decided = new HashMap<>(); // one decision per label in a batch
                List<java.time.Instant> alerts = new ArrayList<>(); // delivered alerts' times, for the latency timer
                for (Entry e : batch) {
                    if (e == Subscriber.WAKE || e.id() <= lastSeen) {
                        continue; // a wake-up, or already sent in the replay
                    }
                    Caller reader = caller.get();
                    if (decided.computeIfAbsent(e.notification().label(), l -> policy.decide(reader, l).allowed())) {
                        out.event(e.id(), e.notification().kind(), e.notification().payloadJson());
                        lastWritten = e.id();
                        if ("alert".equals(e.notification().kind())) {
                            alerts.add(e.notification().at());
                        }
                    }
                    lastSeen = e.id();
                }
                out.flush();
                alerts.forEach(at -> AlertLatency.record("sse", at));
                alerts.clear();
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(subscriber);
        }
    }

    /** The caller now, when it may still read intelligence at all. */
    private static Optional<Caller> current(LiveCaller live) {
        return live.refresh().filter(c -> c.has(Permission.INTEL_READ));
    }

    private static void end(Events out, Subscriber subscriber, String reason, long lastWritten) throws IOException {
        subscriber.end(reason);
        String detail = switch (reason) {
            case "overflow" -> "The stream fell too far behind and was closed; reconnect with Last-Event-ID to resume.";
            case "credential" -> "The stream's credential is no longer valid (revoked, expired or signed out), or no longer grants intel.read.";
            default -> "The node is shutting down; reconnect with Last-Event-ID to resume.";
        };
        out.event(null, reason.equals("overflow") ? "overflow" : "closed",
                JSON.writeValueAsString(Map.of("reason", reason, "lastEventId", lastWritten, "detail", detail)));
        out.flush();
    }

    private static Long lastEventId(String header, String parameter) {
        String name = header != null ? "Last-Event-ID" : "last-event-id";
        String value = header != null ? header : parameter;
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "must be the id of an event of this stream, not '"
                    + DeliveryFilter.shorten(value) + "'");
        }
    }

    /** Server-Sent Events framing (text/event-stream, UTF-8). */
    static final class Events {
        private final OutputStream out;

        Events(OutputStream out) {
            this.out = out;
        }

        void event(Long id, String event, String data) throws IOException {
            StringBuilder b = new StringBuilder(data.length() + 64);
            if (id != null) {
                b.append("id: ").append(id).append('\n');
            }
            b.append("event: ").append(event).append('\n');
            for (String line : data.split("\r\n|\r|\n", -1)) {
                b.append("data: ").append(line).append('\n');
            }
            b.append('\n');
            raw(b.toString());
        }

        void raw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
