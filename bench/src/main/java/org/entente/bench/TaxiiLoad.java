package org.entente.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request throughput of TAXII {@code GET objects/?limit=N} under C concurrent clients on loopback.
 *
 * <p>Each client is a platform thread (so its CPU time can be told apart from the node's, whose
 * requests run on virtual threads) with its own {@link HttpClient} (HTTP/1.1, keep-alive, so one
 * connection per client). A client starts on a random page of the collection and walks on through
 * the {@code next} cursor the server returns, back to the first page after the last one, so the
 * clients spread over the whole collection. A request counts as an error unless it answers 200 with
 * a TAXII envelope. Latencies are kept whole (a long per request) and sorted for p50/p99.
 *
 * <p>CPU is read around each round from the JVM (each client thread's own CPU time, plus the JDK HTTP
 * client's threads named HttpClient-*, against the process total), from /proc for the embedded PostgreSQL
 * (the postmaster and all its backends) and from /proc/stat for the machine, so the share of the
 * cores the clients take, and what other processes took, is reported next to the figure.
 */
final class TaxiiLoad {

    /** One request of one client: fetches the page at {@code cursor} and answers the next cursor (null: back to the first page). */
    interface Step {
        String fetch(int client, String cursor) throws Exception;
    }

    private final List<String> cursors;
    private final int clients;
    private final Path postgresData;
    private final SplittableRandom seeds = new SplittableRandom(42);
    private final double objectsPerPage;

    TaxiiLoad(List<String> cursors, int clients, Path postgresData, long objects) {
        this.cursors = cursors;
        this.clients = clients;
        this.postgresData = postgresData;
        this.objectsPerPage = (double) objects / cursors.size();
    }

    /** The step over HTTP: GET objects/ with the TAXII headers, one keep-alive HttpClient per client. */
    static Step http(String objectsUrl, String token, int limit, int clients) {
        return http(objectsUrl, List.of(token), limit, clients, false);
    }

    /**
     * The same with one token per client ({@code tokens.get(client % size)}), and with {@code uncached} every request says {@code Cache-Control: no-cache}, so the node
     * answers it from PostgreSQL instead of its page cache (the same pages, the same work otherwise).
     */
    static Step http(String objectsUrl, List<String> tokens, int limit, int clients, boolean uncached) {
        List<HttpClient> https = clients(clients);
        return (client, cursor) -> {
            String url = objectsUrl + "?limit=" + limit + (cursor == null ? "" : "&next=" + cursor);
            String token = tokens.get(client % tokens.size());
            HttpResponse<byte[]> r = https.get(client).send(uncached ? TaxiiBenchmark.get(url, token, "Cache-Control", "no-cache")
                    : TaxiiBenchmark.get(url, token), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = r.body();
            String head = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            if (r.statusCode() != 200 || !head.startsWith("{\"more\":")) {
                throw new IllegalStateException(url + " -> HTTP " + r.statusCode() + " " + head);
            }
            return head.startsWith("{\"more\":true") ? between(head, "\"next\":\"", "\"") : null;
        };
    }

    /**
     * The ceiling of the HTTP stack: the same clients, token and TAXII headers against a tiny
     * authenticated endpoint ({@code GET /taxii2/api/}, the API root: authentication, the filter chain,
     * Spring MVC and a ~200-byte body, no database). The cursor is passed through unchanged.
     */
    static Step trivial(String apiRootUrl, List<String> tokens, int clients) {
        List<HttpClient> https = clients(clients);
        return (client, cursor) -> {
            String token = tokens.get(client % tokens.size());
            HttpResponse<byte[]> r = https.get(client).send(TaxiiBenchmark.get(apiRootUrl, token), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200 || r.body().length == 0 || r.body()[0] != '{') {
                throw new IllegalStateException(apiRootUrl + " -> HTTP " + r.statusCode());
            }
            return cursor;
        };
    }

    private static List<HttpClient> clients(int clients) {
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            https.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build());
        }
        return https;
    }

    record Result(double requestsPerSecond, double objectsPerRequest, double p50Millis, double p99Millis, long requests,
                  long errors, String cpu) {
    }

    static Result medianByThroughput(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(Result::requestsPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    Result run(Step step, Duration duration, String name) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] errors = new long[clients];
        long[] threadCpu = new long[clients];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicInteger errorsShown = new AtomicInteger();
        long nanos = duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            int start = seeds.nextInt(cursors.size());
            threads.add(Thread.ofPlatform().name("taxii-client-" + i).unstarted(() -> {
                long[] lat = new long[4096];
                int n = 0;
                String next = cursors.get(start);
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long cpu0 = mx.getCurrentThreadCpuTime();
                long end = System.nanoTime() + nanos;
                // Bounded in time, and in count as a safeguard (no client does 10M requests in a round).
                for (int k = 0; k < 10_000_000; k++) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    boolean ok = false;
                    try {
                        next = step.fetch(client, next);
                        ok = true;
                    } catch (InterruptedException e) {
                        break;
                    } catch (Exception e) {
                        if (errorsShown.getAndIncrement() < 5) {
                            System.out.println("error: page " + next + ": " + e);
                        }
                    }
                    long latency = System.nanoTime() - t0;
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = latency;
                    if (!ok) {
                        errors[client]++;
                    }
                }
                threadCpu[client] = mx.getCurrentThreadCpuTime() - cpu0;
                latencies[client] = lat;
                counts[client] = n;
            }));
        }
        threads.forEach(Thread::start);
        Cpu before = Cpu.now(postgresData);
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu after = Cpu.now(postgresData);

        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < clients; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        long errorCount = Arrays.stream(errors).sum();
        double rps = total / seconds;
        double p50 = total == 0 ? 0 : all[(int) Math.min(total - 1, Math.ceil(total * 0.50) - 1)] / 1e6;
        double p99 = total == 0 ? 0 : all[(int) Math.min(total - 1, Math.ceil(total * 0.99) - 1)] / 1e6;
        String cpu = after.minus(before, seconds, Arrays.stream(threadCpu).sum());
        System.out.printf(Locale.ROOT, "load %s: %d requests in %.1f s = %.0f req/s (%.0f obj/s), p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors; CPU %s%n",
                name, total, seconds, rps, rps * objectsPerPage, p50, p99, total == 0 ? 0 : all[total - 1] / 1e6, errorCount, cpu);
        return new Result(rps, objectsPerPage, p50, p99, total, errorCount, cpu);
    }

    private static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        if (i < 0) {
            throw new IllegalStateException("no " + from + " in " + s);
        }
        int j = s.indexOf(to, i + from.length());
        return s.substring(i + from.length(), j);
    }

    /** CPU time so far, in nanoseconds: client threads, this JVM, the embedded PostgreSQL, and the whole machine. */
    record Cpu(Map<Long, Long> clientThreads, long process, Map<Long, Long> postgres, long machineBusy, long machineTotal) {

        static final long TICK = 10_000_000L; // /proc counts in USER_HZ = 100 on Linux

        static Cpu now(Path postgresData) {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<Long, Long> client = new HashMap<>();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info != null && (info.getThreadName().startsWith("HttpClient-"))) {
                    long t = mx.getThreadCpuTime(info.getThreadId());
                    if (t > 0) {
                        client.put(info.getThreadId(), t);
                    }
                }
            }
            long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            Map<Long, Long> pg = new HashMap<>();
            try {
                long postmaster = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst().trim());
                ProcessHandle.of(postmaster).ifPresent(p -> {
                    pg.put(p.pid(), procTicks(p.pid()) * TICK);
                    p.descendants().forEach(d -> pg.put(d.pid(), procTicks(d.pid()) * TICK));
                });
            } catch (IOException | RuntimeException e) {
                // no PostgreSQL figures: reported as 0
            }
            long busy = 0;
            long total = 0;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    long v = Long.parseLong(f[i]);
                    total += v;
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += v;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return new Cpu(client, process, pg, busy * TICK, total * TICK);
        }

        private static long procTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long delta(Map<Long, Long> after, Map<Long, Long> before) {
            long sum = 0;
            for (var e : after.entrySet()) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }

        /** Shares of all cores over the interval: clients / node JVM (process minus clients) / PostgreSQL / other processes. */
        String minus(Cpu before, double seconds, long clientThreadsCpu) {
            int cores = Runtime.getRuntime().availableProcessors();
            double capacity = seconds * 1e9 * cores;
            long clients = clientThreadsCpu + delta(clientThreads, before.clientThreads);
            long node = process - before.process - clients;
            long pg = delta(postgres, before.postgres);
            long machine = machineBusy - before.machineBusy;
            long other = Math.max(0, machine - clients - node - pg);
            return String.format(Locale.ROOT, "%.0f%% / %.0f%% / %.0f%% / %.0f%%",
                    100 * clients / capacity, 100 * node / capacity, 100 * pg / capacity, 100 * other / capacity);
        }
    }
}
