package org.entente.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the live streams ({@code entente.stream.*}).
 *
 * @param heartbeat   how often an idle stream gets a comment line (and its credential is checked); default 15 s
 * @param replaySize  how many recent notifications are kept for {@code Last-Event-ID} resumption; default 1,000
 * @param replayBytes and at most this many payload bytes; default 16 MB
 * @param queueSize   how many notifications may wait for one subscriber before it is cut off as too slow; default
 *                    2,048 (queues hold references to notifications shared by all subscribers, not copies)
 * @param maxPerUser  open streams one user may hold at once; one more is refused with 429 (default 16: a few
 *                    browser tabs and tools, not an unbounded number of threads and queues held by one account)
 * @param maxStreams  open streams on this instance in all (default 1,000)
 */
@ConfigurationProperties("entente.stream")
record StreamProperties(Duration heartbeat, Integer replaySize, Long replayBytes, Integer queueSize, Integer maxPerUser,
                        Integer maxStreams) {

    StreamProperties {
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        replaySize = replaySize == null ? 1000 : replaySize;
        replayBytes = replayBytes == null ? 16L << 20 : replayBytes;
        queueSize = queueSize == null ? 2048 : queueSize;
        maxPerUser = maxPerUser == null ? 16 : maxPerUser;
        maxStreams = maxStreams == null ? 1000 : maxStreams;
        if (heartbeat.isNegative() || heartbeat.isZero() || replaySize < 0 || replayBytes < 0 || queueSize < 1
                || maxPerUser < 1 || maxStreams < 1) {
            throw new IllegalArgumentException("entente.stream: heartbeat must be positive, sizes not negative, queue-size,"
                    + " max-per-user and max-streams at least 1");
        }
    }
}
