package org.entente.console.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.RequiresPermission;
import org.entente.intel.ImportLabel;
import org.entente.intel.ImportSummary;
import org.entente.intel.SharingRefused;
import org.entente.intel.StixStore;
import org.entente.intel.UnknownRecipient;
import org.entente.node.BadParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.MultipartConfigElement;

/**
 * Import a bundle from the browser: the file is uploaded, then stored by {@link StixStore#ingest} on a
 * virtual thread while the page polls its progress (bytes read, objects acknowledged) and finally shows
 * the summary with every rejection. The label (TLP, audience) is checked by the store exactly as for
 * the API: reaching beyond the importer's organisation needs {@code intel.publish}.
 */
@Controller
class ImportPage {

    private static final Logger log = LoggerFactory.getLogger(ImportPage.class);
    /** Largest upload the console accepts; bigger files go through {@code entente import}. */
    static final DataSize MAX_UPLOAD = DataSize.ofMegabytes(256);
    static final Duration KEEP_FINISHED = Duration.ofHours(1);

    /** One import, seen only by the user who started it. */
    static final class Job {
        final String id = UUID.randomUUID().toString();
        final String owner;
        final String fileName;
        final long size;
        final AtomicLong read = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final Instant started = Instant.now();
        volatile ImportSummary summary;
        volatile String failure;
        volatile Instant finished;

        Job(String owner, String fileName, long size) {
            this.owner = owner;
            this.fileName = fileName;
            this.size = size;
        }

        public String getId() {
            return id;
        }

        public Instant getStarted() {
            return started;
        }

        public String getFileName() {
            return fileName;
        }

        public boolean isDone() {
            return finished != null;
        }

        public int getPercent() {
            return size == 0 ? 100 : (int) Math.min(100, read.get() * 100 / size);
        }

        public long getAcknowledged() {
            return acknowledged.get();
        }

        public ImportSummary getSummary() {
            return summary;
        }

        public String getFailure() {
            return failure;
        }
    }

    private final StixStore store;
    private final Community community;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    ImportPage(StixStore store, Community community) {
        this.store = store;
        this.community = community;
    }

    /** Multipart uploads up to {@link #MAX_UPLOAD}, spooled to disk above 1 MB (the servlet default is 1 MB in all). */
    @Bean
    static MultipartConfigElement consoleUploads() {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(MAX_UPLOAD);
        factory.setMaxRequestSize(DataSize.ofBytes(MAX_UPLOAD.toBytes() + DataSize.ofMegabytes(1).toBytes()));
        factory.setFileSizeThreshold(DataSize.ofMegabytes(1));
        return factory.createMultipartConfig();
    }

    @RequiresPermission("intel.write")
    @GetMapping(path = "/console/intel/import", produces = MediaType.TEXT_HTML_VALUE)
    String form(Caller caller, Model model) {
        SharePage.labelChoices(caller, community, model);
        return "console/intel-import";
    }

    @RequiresPermission("intel.write")
    @PostMapping(path = "/console/intel/import", produces = MediaType.TEXT_HTML_VALUE)
    String start(@RequestParam(required = false) MultipartFile file, LabelForm label, Caller caller, Model model) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new BadParameterException("file", "choose a STIX bundle (JSON) to import");
        }
        ImportLabel importLabel = new ImportLabel(caller,
                label.tlp() == null || label.tlp().isBlank() ? java.util.Optional.empty()
                        : java.util.Optional.of(label.tlpOrDefault(null)), label.toAudience());
        // The part's own file disappears with the request: keep a copy for the background import.
        Path copy = Files.createTempFile("entente-console-import-", ".json");
        file.transferTo(copy);
        prune();
        Job job = new Job(caller.username(), file.getOriginalFilename() == null ? "bundle" : file.getOriginalFilename(),
                Files.size(copy));
        jobs.put(job.id, job);
        Thread.ofVirtual().name("console-import").start(() -> run(job, copy, importLabel));
        model.addAttribute("job", job);
        return "console/intel-import :: progress";
    }

    @RequiresPermission("intel.write")
    @GetMapping(path = "/console/intel/import/{job}", produces = MediaType.TEXT_HTML_VALUE)
    String progress(@PathVariable String job, Caller caller, Model model) {
        Job found = jobs.get(job);
        if (found == null || !found.owner.equals(caller.username())) {
            throw ConsolePageException.notFound();
        }
        model.addAttribute("job", found);
        return "console/intel-import :: progress";
    }

    private void run(Job job, Path file, ImportLabel label) {
        try (InputStream in = new Counting(Files.newInputStream(file), job.read)) {
            job.summary = store.ingest(in, label, job.acknowledged::set);
        } catch (SharingRefused | UnknownRecipient e) {
            job.failure = e.getMessage();
        } catch (RuntimeException | IOException e) {
            log.error("console import {} failed", job.fileName, e);
            job.failure = "The import stopped: the store could not be reached. Objects acknowledged before this are stored.";
        } finally {
            job.read.set(job.size);
            job.finished = Instant.now();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("could not delete {}", file, e);
            }
        }
    }

    private void prune() {
        Instant cutoff = Instant.now().minus(KEEP_FINISHED);
        jobs.values().removeIf(j -> j.finished != null && j.finished.isBefore(cutoff));
    }

    @PreDestroy
    void stop() {
        jobs.clear();
    }

    /** Counts the bytes the store has read, for the progress bar. */
    private static final class Counting extends FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }

}
