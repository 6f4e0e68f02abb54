package org.entente.briefing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls the briefing schedules ({@code entente.briefings.poll}, default 30 s; 0 turns polling off).
 * Every instance of a node may poll: {@link Briefings#runDue()} takes each due row with
 * {@code FOR UPDATE SKIP LOCKED}, so a due time runs once.
 */
@Component
class BriefingScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BriefingScheduler.class);
    private final Briefings briefings;
    private final Duration poll;
    private ScheduledExecutorService executor;

    BriefingScheduler(Briefings briefings, @Value("${entente.briefings.poll:30s}") Duration poll) {
        this.briefings = briefings;
        this.poll = poll;
    }

    @Override
    public synchronized void start() {
        if (poll.isZero() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "briefing-scheduler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            int ran = briefings.runDue();
            if (ran > 0) {
                log.info("ran {} due briefing schedule(s)", ran);
            }
        } catch (RuntimeException e) {
            log.warn("briefing schedules: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
