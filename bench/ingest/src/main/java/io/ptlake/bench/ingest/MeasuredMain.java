package io.ptlake.bench.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs another class's {@code main} in this JVM and, when the JVM exits (the ptlake CLI ends with
 * {@code System.exit}), writes its peak memory to a JSON file. In local mode Spark's executor is
 * this driver JVM, so these are the executor's peaks too.
 *
 * <p>Usage: {@code MeasuredMain METRICS_JSON MAIN_CLASS ARGS...}. Heap is sampled every 50 ms
 * (used, after and before collections alike: what the JVM had to hold); RSS is the kernel's
 * high-water mark {@code VmHWM} of the process, which no sampling interval can miss; CPU time is
 * the process's, all threads.
 */
public final class MeasuredMain {
  private static final long SAMPLE_MILLIS = 50;

  private MeasuredMain() {}

  public static void main(String[] args) throws Throwable {
    Path metrics = Path.of(args[0]);
    String mainClass = args[1];
    String[] rest = Arrays.copyOfRange(args, 2, args.length);
    AtomicLong peakHeapUsed = new AtomicLong();
    AtomicLong peakHeapCommitted = new AtomicLong();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Thread sampler = new Thread(() -> {
      while (true) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        peakHeapUsed.accumulateAndGet(heap.getUsed(), Math::max);
        peakHeapCommitted.accumulateAndGet(heap.getCommitted(), Math::max);
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> write(metrics,
        peakHeapUsed.get(), peakHeapCommitted.get()), "bench-metrics"));
    try {
      Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) rest);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void write(Path metrics, long peakHeapUsed, long peakHeapCommitted) {
    double gcSeconds = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum() / 1000.0;
    long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    String json = String.format(Locale.ROOT,
        "{\"peak_heap_used_bytes\": %d, \"peak_heap_committed_bytes\": %d, \"max_heap_bytes\": %d,"
            + " \"peak_rss_bytes\": %d, \"gc_seconds\": %.3f, \"cpu_nanos\": %d}%n",
        peakHeapUsed, peakHeapCommitted, maxHeap, vmHwmBytes(), gcSeconds, cpuNanos());
    try {
      Files.writeString(metrics, json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + metrics, e);
    }
  }

  /**
   * CPU time of the whole process, every thread: on a machine other work shares, the figure that
   * load does not inflate the way it inflates wall time. -1 where the JVM does not tell.
   */
  private static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  /** {@code VmHWM} of /proc/self/status (Linux), or -1 where there is none. */
  private static long vmHwmBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
