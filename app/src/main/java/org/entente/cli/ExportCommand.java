package org.entente.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code entente export}: streams a bundle from the node to standard output; progress on stderr. */
final class ExportCommand {

    int run(List<String> raw) {
        Args args = Args.parse(raw, Set.of("url", "token", "home", "type", "since"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new UsageException("export takes no file: redirect its output, e.g. ./entente export > bundle.json");
        }
        NodeConnection node = NodeConnection.from(args);
        List<String> query = new ArrayList<>();
        args.all("type").forEach(t -> query.add("type=" + URLEncoder.encode(t, StandardCharsets.UTF_8)));
        args.option("since").ifPresent(s -> query.add("since=" + URLEncoder.encode(s, StandardCharsets.UTF_8)));
        String path = "/api/v1/export" + (query.isEmpty() ? "" : "?" + String.join("&", query));
        try {
            HttpResponse<InputStream> response = node.http().send(node.request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    System.err.println("export failed (" + response.statusCode() + "): "
                            + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    return 1;
                }
                copy(in, System.out);
            }
            return 0;
        } catch (IOException e) {
            System.err.println(node.unreachable(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        boolean console = System.console() != null;
        byte[] buf = new byte[1 << 16];
        long total = 0;
        long lastReport = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            total += n;
            if (console && total - lastReport > (4 << 20)) {
                System.err.print("\rexported " + ProgressBar.bytes(total));
                lastReport = total;
            }
        }
        out.flush();
        System.err.println((console ? "\r" : "") + "exported " + ProgressBar.bytes(total));
    }
}
