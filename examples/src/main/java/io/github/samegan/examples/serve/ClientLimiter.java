package io.github.samegan.examples.serve;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The per-client limits of {@link ServeLimits}: a token bucket of requests (refilled at {@code
 * requestsPerSecond}, holding twice as many) and the study sessions started in the last hour, per
 * client address.
 *
 * <p>Memory stays bounded however many addresses send requests: at most {@link #MAX_CLIENTS} are
 * tracked; when the table is full, clients whose bucket is full again and who started no session
 * within the hour are forgotten (at most once a second), and until some are, newcomers share one
 * bucket.
 */
final class ClientLimiter {
  /** Most client addresses tracked at once. */
  static final int MAX_CLIENTS = 10_000;

  private static final long HOUR_NANOS = 3_600_000_000_000L;
  private static final String OVERFLOW = "(other clients)";

  private final int perSecond;
  private final double burst;
  private final int sessionsPerHour;
  private final LongSupplier clock;
  private final Map<String, Client> clients = new HashMap<>();
  private long purgedAt = Long.MIN_VALUE;

  /** One client's bucket and recent sessions. */
  private static final class Client {
    double tokens;
    long refilledAt;
    final ArrayDeque<Long> sessions = new ArrayDeque<>();
    int pendingSessions;
  }

  /**
   * @param limits the limits to apply
   * @param clock nanosecond clock ({@link System#nanoTime} outside tests)
   */
  ClientLimiter(ServeLimits limits, LongSupplier clock) {
    this.perSecond = limits.requestsPerSecond();
    this.burst = 2.0 * limits.requestsPerSecond();
    this.sessionsPerHour = limits.sessionsPerClient();
    this.clock = clock;
  }

  /**
   * Takes one request from the client's bucket.
   *
   * @throws ApiException 429 (with the seconds to wait) when the bucket is empty
   */
  synchronized void request(String client) {
    if (perSecond == 0) {
      return;
    }
    long now = clock.getAsLong();
    Client c = client(client, now);
    refill(c, now);
    if (c.tokens < 1) {
      throw new ApiException(
          429,
          "Too many requests from "
              + client
              + ": at most "
              + perSecond
              + " per second (the server's --rate-limit); slow down and retry in a moment",
          1);
    }
    c.tokens -= 1;
  }

  /**
   * Reserves one of the client's sessions for the hour; {@link #sessionCreated} or {@link
   * #sessionFailed} must follow.
   *
   * @throws ApiException 429 when the client started {@code sessionsPerClient} within the hour
   */
  synchronized void reserveSession(String client) {
    if (sessionsPerHour == 0) {
      return;
    }
    long now = clock.getAsLong();
    Client c = client(client, now);
    expire(c, now);
    if (c.sessions.size() + c.pendingSessions >= sessionsPerHour) {
      long waitNanos =
          c.sessions.isEmpty() ? HOUR_NANOS : c.sessions.peekFirst() + HOUR_NANOS - now;
      long minutes = Math.max(1, (waitNanos + 59_999_999_999L) / 60_000_000_000L);
      throw new ApiException(
          429,
          "Too many study sessions from "
              + client
              + ": at most "
              + sessionsPerHour
              + " per hour (the server's --sessions-per-client); try again in "
              + minutes
              + " minute"
              + (minutes == 1 ? "" : "s")
              + ", or resume the session you started",
          Math.max(1, waitNanos / 1_000_000_000L));
    }
    c.pendingSessions++;
  }

  /** Counts a reserved session as started. */
  synchronized void sessionCreated(String client) {
    if (sessionsPerHour == 0) {
      return;
    }
    long now = clock.getAsLong();
    Client c = client(client, now);
    c.pendingSessions = Math.max(0, c.pendingSessions - 1);
    c.sessions.addLast(now);
  }

  /** Releases a reserved session that was not created. */
  synchronized void sessionFailed(String client) {
    if (sessionsPerHour == 0) {
      return;
    }
    Client c = clients.get(client);
    if (c != null) {
      c.pendingSessions = Math.max(0, c.pendingSessions - 1);
    }
  }

  /** Clients tracked now (for tests). */
  synchronized int tracked() {
    return clients.size();
  }

  private Client client(String address, long now) {
    Client c = clients.get(address);
    if (c != null) {
      return c;
    }
    if (clients.size() >= MAX_CLIENTS && (purgedAt == Long.MIN_VALUE || now - purgedAt >= 1e9)) {
      forgetIdle(now); // at most once a second: a full table must not make every request slow
      purgedAt = now;
    }
    String key = clients.size() >= MAX_CLIENTS ? OVERFLOW : address;
    return clients.computeIfAbsent(
        key,
        k -> {
          Client fresh = new Client();
          fresh.tokens = burst;
          fresh.refilledAt = now;
          return fresh;
        });
  }

  private void forgetIdle(long now) {
    for (Iterator<Client> it = clients.values().iterator(); it.hasNext(); ) {
      Client c = it.next();
      refill(c, now);
      expire(c, now);
      if ((perSecond == 0 || c.tokens >= burst) && c.sessions.isEmpty() && c.pendingSessions == 0) {
        it.remove();
      }
    }
  }

  private void refill(Client c, long now) {
    if (perSecond == 0) {
      return;
    }
    double add = (now - c.refilledAt) / 1e9 * perSecond;
    c.tokens = Math.min(burst, c.tokens + add);
    c.refilledAt = now;
  }

  private static void expire(Client c, long now) {
    while (!c.sessions.isEmpty() && now - c.sessions.peekFirst() >= HOUR_NANOS) {
      c.sessions.removeFirst();
    }
  }
}
