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
 */
@ConfigurationProperties("entente.stream")
record StreamProperties(Duration heartbeat, Integer replaySize, Long replayBytes, Integer queueSize) {

    StreamProperties {
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        replaySize = replaySize == null ? 1000 : replaySize;
        replayBytes = replayBytes == null ? 16L << 20 : replayBytes;
        queueSize = queueSize == null ? 2048 : queueSize;
        if (heartbeat.isNegative() || heartbeat.isZero() || replaySize < 0 || replayBytes < 0 || queueSize < 1) {
            throw new IllegalArgumentException("entente.stream: heartbeat must be positive, sizes not negative, queue-size at least 1");
        }
    }
}
