package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.ServeFixture.postJsonFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test on loopback (a few seconds): clients at several loopback addresses drive the
 * server past every limit at once. Session floods are cut at the per-client and total limits,
 * maximal generation requests beyond the slots are refused at once while at most the allowed number
 * run, requests over the pixel limit arriving meanwhile are refused with 413 without taking a slot,
 * a request flood meets the rate limit, every refusal is JSON (429 with {@code Retry-After} for too
 * many requests, 413 for too large a response, 503 once the study is full), no participant loses an
 * answer meanwhile, and memory stays bounded: the process's resident memory (RSS, sampled every 10
 * ms) grows by less than {@link #RSS_GROWTH_BOUND} under 48 concurrent maximal generation requests
 * (n=256, scale=8), and the heap after garbage collection is back within {@link
 * #HEAP_RETAINED_BOUND} of where it started. docs/troubleshooting.md gives the figures measured.
 */
class ServeLoadTest {
  static final int TRIALS = 5;
  static final int PER_CLIENT = 4;
  static final int MAX_SESSIONS = 10;
  static final int SLOTS = 2;

  /**
   * Most the RSS may grow during the generation flood: measured 281 to 798 MiB (the collector lets
   * the heap grow with garbage before it collects), so 1.5 GiB leaves room; without the slots the
   * server ran out of its 2 GiB heap, and in the test grew to 6.3 GB.
   */
  static final long RSS_GROWTH_BOUND = 1536L << 20;

  /**
   * Most the heap may hold after the load, after garbage collection, beyond what it held before.
   */
  static final long HEAP_RETAINED_BOUND = 64L << 20;

  @Test
  void pastEveryLimitTheServerRefusesWithJsonBoundsGenerationAndLosesNoAnswer(@TempDir Path dir)
      throws Exception {
    ServeLimits limits =
        ServeLimits.defaults()
            .withRequestsPerSecond(50)
            .withSessionsPerClient(PER_CLIENT)
            .withMaxSessions(MAX_SESSIONS)
            .withMaxConcurrentGenerations(SLOTS)
            // just above the maximal PNG grid (256 images at scale 8: 17,056,900 pixels), below
            // the same images as a zip (17,305,600), so that those are refused with 413
            .withMaxPixelsPerRequest(17_100_000);
    ExecutorService pool = Executors.newFixedThreadPool(64);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    try (ServeFixture.Running s =
        ServeFixture.start(
            dir.resolve("load.sqlite"),
            new StudySettings(StudyMode.SINGLE, TRIALS, 0),
            null,
            limits)) {
      // 1. One client floods session creation: it gets its share, the rest are 429.
      List<ServeFixture.Response> flood =
          all(pool, 12, i -> postJsonFrom("127.0.0.1", s, "/study/api/session", Map.of(), null));
      Map<Integer, Integer> byStatus = count(flood);
      assertThat(byStatus).containsOnlyKeys(201, 429).containsEntry(201, PER_CLIENT);
      flood.stream().filter(r -> r.status() != 201).forEach(r -> refusal(r, 429, problems));
      assertThat(problems).isEmpty();

      // 2. Four more clients, three sessions each: the study fills up at MAX_SESSIONS (503).
      List<ServeFixture.Response> others =
          all(
              pool,
              12,
              i -> postJsonFrom("127.0.0." + (2 + i % 4), s, "/study/api/session", Map.of(), null));
      assertThat(count(others))
          .containsOnlyKeys(201, 503)
          .containsEntry(201, MAX_SESSIONS - PER_CLIENT);
      others.stream().filter(r -> r.status() != 201).forEach(r -> refusal(r, 503, problems));
      assertThat(s.store().sessionCount()).isEqualTo(MAX_SESSIONS);

      // 3. Every participant answers every trial while 48 maximal generation requests arrive.
      Map<String, String> owner = new ConcurrentHashMap<>(); // session -> client address
      List<Study.Created> sessions = new ArrayList<>();
      for (ServeFixture.Response r : flood) {
        take(r, "127.0.0.1", owner, sessions);
      }
      for (int i = 0; i < others.size(); i++) {
        take(others.get(i), "127.0.0." + (2 + i % 4), owner, sessions);
      }
      long heapBefore = heapAfterGc();
      long rssBefore = rssBytes();
      MemorySampler sampler = new MemorySampler();
      AtomicInteger generated = new AtomicInteger();
      AtomicInteger busy = new AtomicInteger();
      AtomicInteger tooLarge = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int g = 0; g < 48; g++) {
        String from = "127.0.1." + (1 + g);
        work.add(
            pool.submit(
                () -> {
                  go.await();
                  ServeFixture.Response r =
                      ServeFixture.sendFrom(
                          from, s, "GET", "/api/generate?n=256&scale=8", Map.of(), null);
                  if (r.status() == 200) {
                    generated.incrementAndGet();
                  } else {
                    busy.incrementAndGet();
                    refusal(r, 429, problems);
                  }
                  return null;
                }));
      }
      for (int z = 0; z < 16; z++) {
        String from = "127.0.3." + (1 + z);
        work.add(
            pool.submit(
                () -> {
                  go.await();
                  ServeFixture.Response r =
                      ServeFixture.sendFrom(
                          from, s, "GET", "/api/generate?n=256&scale=8&format=zip", Map.of(), null);
                  tooLarge.incrementAndGet();
                  refusal(r, 413, problems);
                  return null;
                }));
      }
      for (Study.Created c : sessions) {
        work.add(
            pool.submit(
                () -> {
                  go.await();
                  answerAll(s, owner.get(c.session()), c, problems);
                  return null;
                }));
      }
      sampler.start();
      go.countDown();
      try {
        for (Future<?> f : work) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        sampler.stop();
      }
      long heapAfter = heapAfterGc();
      System.out.printf(
          "ServeLoadTest memory: RSS before %d MiB, peak %d MiB (growth %d MiB, bound %d MiB);"
              + " heap after GC before %d MiB, after %d MiB; peak heap used %d MiB of max %d MiB;"
              + " %d of 48 maximal generations served%n",
          rssBefore >> 20,
          sampler.peakRss >> 20,
          (sampler.peakRss - rssBefore) >> 20,
          RSS_GROWTH_BOUND >> 20,
          heapBefore >> 20,
          heapAfter >> 20,
          sampler.peakHeap >> 20,
          Runtime.getRuntime().maxMemory() >> 20,
          generated.get());
      assertThat(problems).isEmpty();
      assertThat(rssBefore).as("RSS from /proc/self/status (Linux)").isPositive();
      assertThat(sampler.peakRss - rssBefore)
          .as("RSS growth under 48 concurrent maximal generation requests")
          .isLessThan(RSS_GROWTH_BOUND);
      assertThat(heapAfter - heapBefore)
          .as("heap retained after the load (after GC)")
          .isLessThan(HEAP_RETAINED_BOUND);
      assertThat(s.server().peakConcurrentGenerations()).isBetween(1, SLOTS);
      assertThat(generated.get()).isPositive();
      assertThat(busy.get()).as("requests refused while the slots were taken").isPositive();
      assertThat(generated.get() + busy.get()).isEqualTo(48);
      assertThat(tooLarge.get()).isEqualTo(16);
      List<StudyStore.AnswerRow> stored = s.store().answers();
      assertThat(stored).hasSize(MAX_SESSIONS * TRIALS);
      for (Study.Created c : sessions) {
        assertThat(s.store().answersOf(c.session()))
            .extracting(StudyStore.AnswerRow::trial)
            .containsExactly(0, 1, 2, 3, 4);
      }

      // 4. A request flood from one address meets the rate limit; other clients do not notice.
      List<ServeFixture.Response> burst =
          all(
              pool,
              400,
              i -> ServeFixture.sendFrom("127.0.2.1", s, "GET", "/api/health", Map.of(), null));
      assertThat(count(burst)).containsOnlyKeys(200, 429);
      assertThat(count(burst).get(429)).isPositive();
      burst.stream().filter(r -> r.status() != 200).forEach(r -> refusal(r, 429, problems));
      assertThat(
              ServeFixture.sendFrom("127.0.2.2", s, "GET", "/api/health", Map.of(), null).status())
          .isEqualTo(200);
      assertThat(problems).isEmpty();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    System.out.printf("load test in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** The process's resident set size from /proc/self/status, or -1 where there is none. */
  static long rssBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Heap in use after garbage collection (two collections, as finalizable objects need them). */
  static long heapAfterGc() {
    java.lang.management.MemoryMXBean m = java.lang.management.ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return m.getHeapMemoryUsage().getUsed();
  }

  /** Samples RSS and heap use every 10 ms and keeps the peaks. */
  static final class MemorySampler {
    volatile long peakRss;
    volatile long peakHeap;
    private volatile boolean running;
    private Thread thread;

    void start() {
      running = true;
      peakRss = rssBytes();
      thread =
          new Thread(
              () -> {
                java.lang.management.MemoryMXBean m =
                    java.lang.management.ManagementFactory.getMemoryMXBean();
                while (running) {
                  peakRss = Math.max(peakRss, rssBytes());
                  peakHeap = Math.max(peakHeap, m.getHeapMemoryUsage().getUsed());
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "memory-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(5000);
      peakRss = Math.max(peakRss, rssBytes());
    }
  }

  /** Answers every trial, retrying an answer refused as too many requests (429). */
  private static void answerAll(
      ServeFixture.Running s, String from, Study.Created c, ConcurrentLinkedQueue<String> problems)
      throws InterruptedException {
    for (int t = 0; t < TRIALS; t++) {
      String token = s.store().trialImages(c.session(), t).get(0).token();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("session", c.session());
      body.put("trial", t);
      body.put("token", token);
      body.put("answer", t % 2 == 0 ? "real" : "fake");
      for (int attempt = 0; ; attempt++) {
        ServeFixture.Response r = postJsonFrom(from, s, "/study/api/answer", body, c.key());
        if (r.status() == 200) {
          break;
        }
        if (r.status() != 429 || attempt > 20) {
          problems.add("answer " + c.session() + "/" + t + ": " + r.status() + " " + r.text());
          return;
        }
        Thread.sleep(1000L * Long.parseLong(r.header("Retry-After")));
      }
    }
  }

  private static void take(
      ServeFixture.Response r,
      String from,
      Map<String, String> owner,
      List<Study.Created> sessions) {
    if (r.status() == 201) {
      Study.Created c =
          new Study.Created(r.json().get("session").asText(), r.json().get("key").asText());
      owner.put(c.session(), from);
      sessions.add(c);
    }
  }

  /** Checks a refusal: the status, a JSON error body, and for 429 a {@code Retry-After}. */
  private static void refusal(
      ServeFixture.Response r, int status, ConcurrentLinkedQueue<String> problems) {
    boolean ok =
        r.status() == status
            && r.header("Content-Type") != null
            && r.header("Content-Type").startsWith("application/json")
            && r.json().get("status").asInt() == status
            && !r.json().get("error").asText().isBlank()
            && (status != 429 || r.header("Retry-After") != null);
    if (!ok) {
      problems.add(
          "expected a JSON "
              + status
              + (status == 429 ? " with Retry-After" : "")
              + ", got "
              + r.status()
              + " "
              + r.text());
    }
  }

  /** Sends {@code n} requests at the same moment and returns their responses. */
  private static List<ServeFixture.Response> all(
      ExecutorService pool, int n, java.util.function.IntFunction<ServeFixture.Response> request)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ServeFixture.Response>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      Callable<ServeFixture.Response> c =
          () -> {
            go.await();
            return request.apply(k);
          };
      futures.add(pool.submit(c));
    }
    go.countDown();
    List<ServeFixture.Response> out = new ArrayList<>();
    for (Future<ServeFixture.Response> f : futures) {
      out.add(f.get(120, TimeUnit.SECONDS));
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<Integer, Integer> count(List<ServeFixture.Response> responses) {
    Map<Integer, Integer> out = new LinkedHashMap<>();
    responses.forEach(r -> out.merge(r.status(), 1, Integer::sum));
    return out;
  }
}
