package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Runs the reference DCGAN train step many times and prints the resident set size (VmRSS) and the
 * peak (VmHWM) from {@code /proc/self/status} every 50 steps, plus the median step time over the
 * second half, so that "memory stays flat" is a measured statement.
 *
 * <p>How to run: {@code benchmarks/run-main.sh io.github.samegan.bench.MemoryProfile [steps]
 * [batch] [gcEvery]}.
 */
public final class MemoryProfile {
  private MemoryProfile() {}

  /** Entry point: {@code [steps=500] [batch=64] [gcEvery=the trainer's default]}. */
  public static void main(String[] args) throws IOException {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int gcEvery = args.length > 2 ? Integer.parseInt(args[2]) : -1; // -1: the trainer's default
    ImageShape shape = ImageShape.rgb(32);
    Dcgan dcgan = Dcgan.reference(shape);
    Gan gan =
        Gan.builder(dcgan.generator(), dcgan.discriminator(), MinimaxLoss.nonSaturating()).build();
    GanTrainer.Builder tb = GanTrainer.builder(gan, new FixedBatch(shape, batch, 7));
    GanTrainer t = (gcEvery < 0 ? tb : tb.gcEvery(gcEvery)).build();
    double[] ms = new double[steps];
    System.out.printf(Locale.ROOT, "steps=%d batch=%d gcEvery=%d%n", steps, batch, gcEvery);
    System.out.println("step,rss_mb,peak_rss_mb,ms_per_step");
    for (int i = 0; i < steps; i++) {
      ms[i] = t.step().millis();
      if ((i + 1) % 50 == 0 || i == 0) {
        System.out.printf(
            Locale.ROOT, "%d,%d,%d,%.0f%n", i + 1, kb("VmRSS") / 1024, kb("VmHWM") / 1024, ms[i]);
      }
    }
    double[] tail = Arrays.copyOfRange(ms, steps / 2, steps);
    Arrays.sort(tail);
    System.out.printf(Locale.ROOT, "median ms/step (second half): %.1f%n", tail[tail.length / 2]);
    System.out.printf(Locale.ROOT, "peak RSS: %d MB%n", kb("VmHWM") / 1024);
  }

  static long kb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
