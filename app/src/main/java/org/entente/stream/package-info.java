/**
 * Live delivery: {@link org.entente.stream.Notification}s published by other modules reach users at
 * once over a Server-Sent Events stream per user, over webhooks (HMAC-signed, retried, persisted) and,
 * when configured, over NATS JetStream per organisation. Every delivery passes the sharing policy for
 * the recipient's rights at the time of delivery. See README.md, "Live delivery".
 */
package org.entente.stream;
