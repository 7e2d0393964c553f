package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.ptlake.preprocess.remote.FetchLimits;
import io.ptlake.preprocess.remote.ProviderFileFetcher;
import io.ptlake.preprocess.remote.RefusedUrlException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the split: fetches the files the held-back remote entries point at, each distinct URL
 * once and at most {@link FetchLimits#concurrency} at a time, and writes the reference records
 * they give (docs/chunk-format.md). URLs are handled in first-seen order, so the output does not
 * depend on which fetch ends first, and a fetched file is deleted once written: at most
 * concurrency files are on disk. A file that cannot be fetched or read leaves its entries as
 * they were in the source and is reported, never dropped.
 */
final class RemoteReferences {
  /** What the manifest gets. */
  record Outcome(List<Manifest.RemoteReference> references, long failures, long groups) {}

  private static final Logger LOG = LoggerFactory.getLogger(RemoteReferences.class);
  private static final long SHUTDOWN_SECONDS = 10;

  private final InputSource input;
  private final FetchLimits limits;

  RemoteReferences(InputSource input, FetchLimits limits) {
    this.input = input;
    this.limits = limits;
  }

  /** A fetched and checked file, or why there is none. */
  private record Fetch(Path file, ProviderFile.Summary summary, String failure) {}

  Outcome resolve(
      List<ReferenceStage.RemoteEntry> entries, ChunkWriter references, ExpectedRowCounter rows)
      throws IOException {
    Map<String, List<ReferenceStage.RemoteEntry>> held = new LinkedHashMap<>();
    Map<String, Set<String>> unheld = new LinkedHashMap<>();
    for (ReferenceStage.RemoteEntry entry : entries) {
      if (entry.record() != null) {
        held.computeIfAbsent(entry.location(), url -> new ArrayList<>()).add(entry);
      } else {
        unheld.computeIfAbsent(entry.location(), url -> new LinkedHashSet<>()).add(entry.id());
      }
    }
    List<Manifest.RemoteReference> reported = new ArrayList<>();
    long groups = held.isEmpty() ? 0 : fetchAndWrite(held, references, rows, reported);
    for (Map.Entry<String, Set<String>> url : unheld.entrySet()) {
      reported.add(new Manifest.RemoteReference(
          RefusedUrlException.redact(url.getKey()), List.copyOf(url.getValue()),
          Manifest.REMOTE_FAILED,
          "the entry is larger than " + ReferenceStage.MAX_HELD_BYTES
              + " bytes, so it was written as it is and not fetched",
          0));
    }
    long failures =
        reported.stream().filter(r -> r.status().equals(Manifest.REMOTE_FAILED)).count();
    return new Outcome(reported, failures, groups);
  }

  /** Returns the number of group records written. */
  private long fetchAndWrite(
      Map<String, List<ReferenceStage.RemoteEntry>> held, ChunkWriter references,
      ExpectedRowCounter rows, List<Manifest.RemoteReference> reported) throws IOException {
    ReferenceStage stage = new ReferenceStage(references);
    JsonGenerator g = TicJson.FACTORY.createGenerator(stage.stream());
    ExecutorService pool = Executors.newFixedThreadPool(limits.concurrency(), daemons("fetch"));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemons("timer"));
    ProviderFileFetcher fetcher = new ProviderFileFetcher(input, limits, timer);
    List<String> urls = new ArrayList<>(held.keySet());
    Deque<Future<Fetch>> window = new ArrayDeque<>();
    long groups = 0;
    try {
      int submitted = 0;
      for (String url : urls) {
        while (submitted < urls.size() && window.size() < limits.concurrency()) {
          String next = urls.get(submitted++);
          window.add(pool.submit(() -> fetch(fetcher, next)));
        }
        Fetch fetch = await(window.poll());
        try {
          groups += write(url, held.get(url), fetch, stage, g, rows, reported);
        } finally {
          delete(fetch);
        }
      }
      return groups;
    } finally {
      pool.shutdownNow();
      timer.shutdownNow();
      awaitQuietly(pool);
      for (Future<Fetch> left : window) {
        if (left.isDone() && !left.isCancelled()) {
          delete(await(left));
        }
      }
    }
  }

  private long write(
      String url, List<ReferenceStage.RemoteEntry> entries, Fetch fetch, ReferenceStage stage,
      JsonGenerator g, ExpectedRowCounter rows, List<Manifest.RemoteReference> reported)
      throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    long groups = 0;
    for (ReferenceStage.RemoteEntry entry : entries) {
      ids.add(entry.id());
      if (fetch.failure() == null) {
        ProviderFile.write(fetch.file(), entry.id(), stage, g);
        rows.defineId(entry.id(), fetch.summary().weight());
        groups += Math.max(1, fetch.summary().groups());
      } else {
        RecordSink line = stage.start();
        line.write(entry.record(), 0, entry.record().length);
        stage.end(null, null, true);
        rows.defineId(entry.id(), 0);
      }
    }
    boolean ok = fetch.failure() == null;
    reported.add(new Manifest.RemoteReference(
        RefusedUrlException.redact(url), List.copyOf(ids),
        ok ? Manifest.REMOTE_FETCHED : Manifest.REMOTE_FAILED, fetch.failure(),
        ok ? fetch.summary().groups() : 0));
    return groups;
  }

  /** Runs on a pool thread; every failure of the fetch becomes a reason, never an exception. */
  private static Fetch fetch(ProviderFileFetcher fetcher, String url) {
    Path file = null;
    String failure;
    try {
      file = fetcher.download(url);
      return new Fetch(file, ProviderFile.scan(file), null);
    } catch (JsonProcessingException e) {
      failure = "it is not a provider file: " + e.getOriginalMessage() + " at byte "
          + e.getLocation().getByteOffset();
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      failure = message.replace(url, RefusedUrlException.redact(url));
    }
    delete(new Fetch(file, null, failure));
    LOG.warn("Cannot use remote provider file {}: {}", RefusedUrlException.redact(url), failure);
    return new Fetch(null, null, failure);
  }

  private static Fetch await(Future<Fetch> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while fetching remote provider files");
    } catch (ExecutionException e) {
      throw new IllegalStateException("A fetch task reports failures as values", e.getCause());
    }
  }

  private static void delete(Fetch fetch) {
    if (fetch.file() == null) {
      return;
    }
    try {
      Files.deleteIfExists(fetch.file());
    } catch (IOException e) {
      LOG.warn("Cannot delete the fetched file {}: {}", fetch.file(), e.toString());
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemons(String role) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "ptlake-provider-" + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
