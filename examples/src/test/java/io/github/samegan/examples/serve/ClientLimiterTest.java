package io.github.samegan.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-client limits and the generation slots, on a clock the test moves. */
class ClientLimiterTest {
  static final long SECOND = 1_000_000_000L;
  final AtomicLong now = new AtomicLong(42 * SECOND);

  @Test
  void aClientGetsBurstsOfTwiceTheRateAndThenTheRate() {
    ClientLimiter l = new ClientLimiter(ServeLimits.defaults().withRequestsPerSecond(2), now::get);
    for (int i = 0; i < 4; i++) {
      l.request("10.0.0.1");
    }
    assertThatThrownBy(() -> l.request("10.0.0.1"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status).isEqualTo(429);
              assertThat(e.retryAfterSeconds).isEqualTo(1);
            })
        .hasMessageContaining("at most 2 per second");
    l.request("10.0.0.2"); // its own bucket
    now.addAndGet(SECOND / 2); // one token back
    l.request("10.0.0.1");
    assertThatThrownBy(() -> l.request("10.0.0.1")).isInstanceOf(ApiException.class);
    now.addAndGet(100 * SECOND); // full again, but no more than the burst
    for (int i = 0; i < 4; i++) {
      l.request("10.0.0.1");
    }
    assertThatThrownBy(() -> l.request("10.0.0.1")).isInstanceOf(ApiException.class);
  }

  @Test
  void sessionsPerClientAreCountedOverAnHourAndFailedOnesDoNotCount() {
    ClientLimiter l = new ClientLimiter(ServeLimits.defaults().withSessionsPerClient(2), now::get);
    l.reserveSession("a");
    l.sessionCreated("a");
    l.reserveSession("a");
    l.sessionFailed("a"); // e.g. the database was full
    l.reserveSession("a");
    l.sessionCreated("a");
    now.addAndGet(60 * SECOND);
    assertThatThrownBy(() -> l.reserveSession("a"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status).isEqualTo(429);
              assertThat(e.retryAfterSeconds).isBetween(3530L, 3540L);
            })
        .hasMessageContaining("at most 2 per hour")
        .hasMessageContaining("try again in 59 minutes");
    l.reserveSession("b");
    now.addAndGet(3541 * SECOND); // both sessions are more than an hour old
    l.reserveSession("a");
    l.reserveSession("a");
    assertThatThrownBy(() -> l.reserveSession("a")).isInstanceOf(ApiException.class);
  }

  @Test
  void reservationsCountSoConcurrentRequestsCannotOvershoot() {
    ClientLimiter l = new ClientLimiter(ServeLimits.defaults().withSessionsPerClient(1), now::get);
    l.reserveSession("a");
    assertThatThrownBy(() -> l.reserveSession("a")).isInstanceOf(ApiException.class);
  }

  @Test
  void zeroTurnsAPerClientLimitOff() {
    ClientLimiter l =
        new ClientLimiter(
            ServeLimits.defaults().withRequestsPerSecond(0).withSessionsPerClient(0), now::get);
    for (int i = 0; i < 10_000; i++) {
      l.request("a");
      l.reserveSession("a");
      l.sessionCreated("a");
    }
    assertThat(l.tracked()).isZero();
  }

  @Test
  void memoryStaysBoundedHoweverManyAddressesSendRequests() {
    ClientLimiter l = new ClientLimiter(ServeLimits.defaults(), now::get);
    int refused = 0;
    for (int i = 0; i < 3 * ClientLimiter.MAX_CLIENTS; i++) {
      try {
        l.request("fd00::" + Integer.toHexString(i));
      } catch (ApiException e) {
        refused++; // beyond the table, newcomers share one bucket
      }
      assertThat(l.tracked()).isLessThanOrEqualTo(ClientLimiter.MAX_CLIENTS + 1);
    }
    assertThat(refused).isEqualTo(2 * ClientLimiter.MAX_CLIENTS - 2 * 20);
    now.addAndGet(60 * SECOND); // every bucket is full again: idle clients are forgotten
    l.request("new-client");
    assertThat(l.tracked()).isLessThan(10);
  }

  @Test
  void generationSlotsRefuseAtOnceWhenAllAreHeldAndCountThePeak() {
    GenerationSlots slots = new GenerationSlots(2);
    GenerationSlots.Slot a = slots.now();
    GenerationSlots.Slot b = slots.now();
    long t0 = System.nanoTime();
    assertThatThrownBy(slots::now)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status).isEqualTo(429);
              assertThat(e.retryAfterSeconds).isEqualTo(1);
            })
        .hasMessageContaining("at most 2 requests at once")
        .hasMessageContaining("--max-generations");
    assertThatThrownBy(() -> slots.within(50)).isInstanceOf(ApiException.class);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    a.close();
    slots.now().close();
    b.close();
    assertThat(slots.peak()).isEqualTo(2);
  }
}
