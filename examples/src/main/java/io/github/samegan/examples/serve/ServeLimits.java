package io.github.samegan.examples.serve;

/**
 * The resource bounds of a {@link SameGanServer}, so that whoever reaches the server cannot make it
 * use memory, disk or CPU without limit. {@code samegan serve} sets each with a flag (named in the
 * parameters below); docs/study.md lists them with their defaults.
 *
 * <p>A "client" is the address a request comes from (the TCP peer; {@code X-Forwarded-For} is not
 * trusted). Behind a reverse proxy every participant shares the proxy's address: raise the
 * per-client limits, or set them to 0 (off), there.
 *
 * @param requestsPerSecond requests one client may send per second, on average, with bursts of
 *     twice as many; 0 = no limit ({@code --rate-limit}). Over it: 429.
 * @param sessionsPerClient study sessions one client may start per hour; 0 = no limit ({@code
 *     --sessions-per-client}). Over it: 429.
 * @param maxSessions sessions the study database may hold in all ({@code --max-sessions}); over it
 *     new sessions are refused with 503, while answers to existing ones are still taken.
 * @param maxDatabaseBytes largest size of the study database (its SQLite pages) that a new session
 *     may grow it to ({@code --max-db-mb}); over it: 503 (answers are still taken).
 * @param maxConcurrentGenerations requests that may generate images at once (generation API and new
 *     study sessions; {@code --max-generations}); a generation request beyond it is refused at once
 *     with 429 (and {@code Retry-After: 1}), a new session waits up to {@link #SESSION_WAIT_MS} ms
 *     for a slot.
 * @param maxImagesPerRequest most images one {@code /api/generate} call may ask for, at most {@link
 *     SameGanServer#MAX_GENERATE} ({@code --max-images}); over it: 413.
 * @param maxPixelsPerRequest most pixels the images of one {@code /api/generate} response may have
 *     in all, after {@code scale} ({@code --max-pixels}); over it: 413.
 */
public record ServeLimits(
    int requestsPerSecond,
    int sessionsPerClient,
    int maxSessions,
    long maxDatabaseBytes,
    int maxConcurrentGenerations,
    int maxImagesPerRequest,
    long maxPixelsPerRequest) {

  /** Default {@link #requestsPerSecond()}: 20 per client. */
  public static final int DEFAULT_REQUESTS_PER_SECOND = 20;

  /** Default {@link #sessionsPerClient()}: 20 per hour. */
  public static final int DEFAULT_SESSIONS_PER_CLIENT = 20;

  /** Default {@link #maxSessions()}: 5000. */
  public static final int DEFAULT_MAX_SESSIONS = 5000;

  /** Default {@link #maxDatabaseBytes()}: 1 GiB. */
  public static final long DEFAULT_MAX_DATABASE_BYTES = 1024L * 1024 * 1024;

  /** Default {@link #maxConcurrentGenerations()}: 2. */
  public static final int DEFAULT_MAX_CONCURRENT_GENERATIONS = 2;

  /**
   * Default {@link #maxPixelsPerRequest()}: 2^25 = 33,554,432 (a 16×16 grid of 32×32 images at
   * scale 8 has 17,056,900).
   */
  public static final long DEFAULT_MAX_PIXELS_PER_REQUEST = 1L << 25;

  /** How long a new study session waits for a generation slot before a 429. */
  public static final long SESSION_WAIT_MS = 30_000;

  /** Validates every bound, naming the flag, the value and what is allowed. */
  public ServeLimits {
    if (requestsPerSecond < 0 || requestsPerSecond > 100_000) {
      throw new IllegalArgumentException(
          "--rate-limit must be in [0, 100000] requests per second (0 = no limit), found "
              + requestsPerSecond);
    }
    if (sessionsPerClient < 0 || sessionsPerClient > 1_000_000) {
      throw new IllegalArgumentException(
          "--sessions-per-client must be in [0, 1000000] (0 = no limit), found "
              + sessionsPerClient);
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException("--max-sessions must be at least 1, found " + maxSessions);
    }
    if (maxDatabaseBytes < 1024 * 1024) {
      throw new IllegalArgumentException(
          "--max-db-mb must be at least 1 (MB), found " + maxDatabaseBytes + " bytes");
    }
    if (maxConcurrentGenerations < 1 || maxConcurrentGenerations > 64) {
      throw new IllegalArgumentException(
          "--max-generations must be in [1, 64], found " + maxConcurrentGenerations);
    }
    if (maxImagesPerRequest < 1 || maxImagesPerRequest > SameGanServer.MAX_GENERATE) {
      throw new IllegalArgumentException(
          "--max-images must be in [1, "
              + SameGanServer.MAX_GENERATE
              + "], found "
              + maxImagesPerRequest);
    }
    if (maxPixelsPerRequest < 4096 || maxPixelsPerRequest > (1L << 27)) {
      throw new IllegalArgumentException(
          "--max-pixels must be in [4096, " + (1L << 27) + "], found " + maxPixelsPerRequest);
    }
  }

  /** The defaults {@code samegan serve} starts with. */
  public static ServeLimits defaults() {
    return new ServeLimits(
        DEFAULT_REQUESTS_PER_SECOND,
        DEFAULT_SESSIONS_PER_CLIENT,
        DEFAULT_MAX_SESSIONS,
        DEFAULT_MAX_DATABASE_BYTES,
        DEFAULT_MAX_CONCURRENT_GENERATIONS,
        SameGanServer.MAX_GENERATE,
        DEFAULT_MAX_PIXELS_PER_REQUEST);
  }

  /** These limits with another per-client request rate (0 = no limit). */
  public ServeLimits withRequestsPerSecond(int perSecond) {
    return new ServeLimits(
        perSecond,
        sessionsPerClient,
        maxSessions,
        maxDatabaseBytes,
        maxConcurrentGenerations,
        maxImagesPerRequest,
        maxPixelsPerRequest);
  }

  /** These limits with another number of sessions per client and hour (0 = no limit). */
  public ServeLimits withSessionsPerClient(int perHour) {
    return new ServeLimits(
        requestsPerSecond,
        perHour,
        maxSessions,
        maxDatabaseBytes,
        maxConcurrentGenerations,
        maxImagesPerRequest,
        maxPixelsPerRequest);
  }

  /** These limits with another total number of sessions. */
  public ServeLimits withMaxSessions(int sessions) {
    return new ServeLimits(
        requestsPerSecond,
        sessionsPerClient,
        sessions,
        maxDatabaseBytes,
        maxConcurrentGenerations,
        maxImagesPerRequest,
        maxPixelsPerRequest);
  }

  /** These limits with another database size limit. */
  public ServeLimits withMaxDatabaseBytes(long bytes) {
    return new ServeLimits(
        requestsPerSecond,
        sessionsPerClient,
        maxSessions,
        bytes,
        maxConcurrentGenerations,
        maxImagesPerRequest,
        maxPixelsPerRequest);
  }

  /** These limits with another number of concurrent generations. */
  public ServeLimits withMaxConcurrentGenerations(int generations) {
    return new ServeLimits(
        requestsPerSecond,
        sessionsPerClient,
        maxSessions,
        maxDatabaseBytes,
        generations,
        maxImagesPerRequest,
        maxPixelsPerRequest);
  }

  /** These limits with another number of images per request. */
  public ServeLimits withMaxImagesPerRequest(int images) {
    return new ServeLimits(
        requestsPerSecond,
        sessionsPerClient,
        maxSessions,
        maxDatabaseBytes,
        maxConcurrentGenerations,
        images,
        maxPixelsPerRequest);
  }

  /** These limits with another number of pixels per response. */
  public ServeLimits withMaxPixelsPerRequest(long pixels) {
    return new ServeLimits(
        requestsPerSecond,
        sessionsPerClient,
        maxSessions,
        maxDatabaseBytes,
        maxConcurrentGenerations,
        maxImagesPerRequest,
        pixels);
  }
}
