package io.github.samegan.core.train;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.CsvLogs;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.core.io.ZipArchives;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Ready-made {@link TrainingCallback}s. */
public final class Callbacks {
  private Callbacks() {}

  /**
   * A one-line console progress bar with losses, D scores, ms/step and ETA, redrawn in place on a
   * terminal ({@code \r}) and printed every {@code every} steps otherwise.
   */
  public static TrainingCallback progress(PrintStream out, int every) {
    return new TrainingCallback() {
      private long start;
      private long startStep;
      private long target;
      private double emaMs = -1;

      @Override
      public void onStart(GanTrainer t, long targetStep) {
        start = System.nanoTime();
        startStep = t.currentStep();
        target = targetStep;
      }

      @Override
      public void onStep(GanTrainer t, StepStats s) {
        emaMs = emaMs < 0 ? s.millis() : 0.9 * emaMs + 0.1 * s.millis();
        if (s.step() % Math.max(1, every) != 0 && s.step() != target) {
          return;
        }
        long done = s.step() - startStep;
        long total = Math.max(1, target - startStep);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done > 0 ? elapsed / done * (total - done) : 0;
        int width = 24;
        int filled = (int) Math.min(width, Math.round(width * (double) done / total));
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        StringBuilder monitored = new StringBuilder();
        s.metrics()
            .forEach((k, v) -> monitored.append(String.format(Locale.ROOT, "  %s %.4g", k, v)));
        out.printf(
            Locale.ROOT,
            "[%s] step %d/%d  d_loss %.4f  g_loss %.4f  D(real) %.3f  D(fake) %.3f%s  %.0f ms/step  ETA %s%n",
            bar,
            s.step(),
            target,
            s.dLoss(),
            s.gLoss(),
            s.dReal(),
            s.dFake(),
            monitored,
            emaMs,
            duration(eta));
        out.flush();
      }
    };
  }

  /** Formats seconds as {@code 1h02m03s} / {@code 2m03s} / {@code 3s}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }

  /** The fixed columns of the loss log, before any monitored metrics. */
  static final String CSV_BASE_HEADER = "step,d_loss,g_loss,d_real,d_fake,ms_per_step";

  /**
   * Appends {@code step,d_loss,g_loss,d_real,d_fake,ms_per_step} to a CSV file, followed by one
   * column per metric the loss monitors (e.g. {@code gp_grad_norm}). The header is written with the
   * first row of a new file; a resumed run appends under the existing header (after dropping rows
   * past the resume step), leaving a column empty where a metric is absent.
   */
  public static TrainingCallback csvLog(Path file) {
    return new TrainingCallback() {
      private BufferedWriter w;
      private java.util.List<String> extra;

      @Override
      public void onStart(GanTrainer t, long targetStep) {
        try {
          Path dir = file.toAbsolutePath().getParent();
          Files.createDirectories(dir);
          extra = null;
          if (Files.exists(file)) {
            truncateAfter(file, t.currentStep());
            java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).startsWith(CSV_BASE_HEADER)) {
              String rest = lines.get(0).substring(CSV_BASE_HEADER.length());
              extra =
                  rest.isEmpty()
                      ? java.util.List.of()
                      : java.util.List.of(rest.substring(1).split(","));
            }
          }
          w =
              Files.newBufferedWriter(
                  file,
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write loss log " + file, e);
        }
      }

      @Override
      public void onStep(GanTrainer t, StepStats s) {
        try {
          if (extra == null) {
            extra = java.util.List.copyOf(s.metrics().keySet());
            w.write(
                CSV_BASE_HEADER + (extra.isEmpty() ? "" : "," + String.join(",", extra)) + "\n");
          }
          StringBuilder row =
              new StringBuilder(
                  String.format(
                      Locale.ROOT,
                      "%d,%.6f,%.6f,%.6f,%.6f,%.1f",
                      s.step(),
                      s.dLoss(),
                      s.gLoss(),
                      s.dReal(),
                      s.dFake(),
                      s.millis()));
          for (String k : extra) {
            Double v = s.metrics().get(k);
            row.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6f", v));
          }
          w.write(row.append('\n').toString());
          w.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write loss log " + file, e);
        }
      }

      @Override
      public void onEnd(GanTrainer t) {
        try {
          if (w != null) {
            w.close();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private static void truncateAfter(Path csv, long step) throws IOException {
    CsvLogs.dropRowsAfter(csv, step);
  }

  /**
   * Writes {@code dir/step-NNNNNN.png} every {@code every} steps (and at the end) from a fixed
   * latent batch of {@code n} vectors, so successive grids show the same "people" improving.
   */
  public static TrainingCallback sampleGrid(Path dir, int every, int n, long seed) {
    if (every < 1 || n < 1) {
      throw new IllegalArgumentException(
          "sampleGrid needs every >= 1 and n >= 1, found every=" + every + ", n=" + n);
    }
    INDArray[] z = new INDArray[1];
    return periodic(
        every,
        t -> {
          if (z[0] == null) {
            z[0] = new Rng(seed).gaussian(t.gan().dataType(), n, t.gan().generator().latentDim());
          }
          try {
            ImageGrid.write(
                t.gan().sample(z[0]),
                0,
                2,
                dir.resolve(String.format(Locale.ROOT, "step-%06d.png", t.currentStep())));
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot write sample grid in " + dir, e);
          }
        });
  }

  /**
   * Runs {@code action} when {@link #sampleGrid} writes a grid: at the start of a fresh run (step
   * 0), every {@code every} steps, and at the end unless the last step was one of those. For
   * pictures of the training progress other than the standard grid.
   */
  public static TrainingCallback periodic(int every, Consumer<GanTrainer> action) {
    if (every < 1) {
      throw new IllegalArgumentException("periodic needs every >= 1, found " + every);
    }
    return new TrainingCallback() {
      private long lastRun = -1;

      private void run(GanTrainer t) {
        action.accept(t);
        lastRun = t.currentStep();
      }

      @Override
      public void onStart(GanTrainer t, long targetStep) {
        if (t.currentStep() == 0) {
          run(t);
        }
      }

      @Override
      public void onStep(GanTrainer t, StepStats s) {
        if (s.step() % every == 0) {
          run(t);
        }
      }

      @Override
      public void onEnd(GanTrainer t) {
        if (lastRun != t.currentStep()) {
          run(t);
        }
      }
    };
  }

  /**
   * Saves {@code dir/last.ckpt} every {@code every} steps and at the end (atomically), and keeps
   * {@code dir/step-NNNNNN.ckpt} copies every {@code keepEvery} steps (0 = none). When training
   * starts (or resumes) it removes the temporary files that a run killed while writing a checkpoint
   * left in {@code dir} ({@link ZipArchives#removeStaleTemporaries}), so {@code dir} must belong to
   * this run.
   */
  public static TrainingCallback checkpoints(Path dir, int every, int keepEvery) {
    if (every < 1 || keepEvery < 0) {
      throw new IllegalArgumentException(
          "checkpoints needs every >= 1 and keepEvery >= 0, found " + every + ", " + keepEvery);
    }
    return new TrainingCallback() {
      private long lastSaved = -1;

      @Override
      public void onStart(GanTrainer t, long targetStep) {
        try {
          ZipArchives.removeStaleTemporaries(dir);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list the checkpoint folder " + dir, e);
        }
      }

      private void save(GanTrainer t) {
        try {
          t.saveCheckpoint(dir.resolve("last.ckpt"));
          if (keepEvery > 0 && t.currentStep() % keepEvery == 0) {
            t.saveCheckpoint(
                dir.resolve(String.format(Locale.ROOT, "step-%06d.ckpt", t.currentStep())));
          }
          lastSaved = t.currentStep();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write checkpoint in " + dir, e);
        }
      }

      @Override
      public void onStep(GanTrainer t, StepStats s) {
        if (s.step() % every == 0) {
          save(t);
        }
      }

      @Override
      public void onEnd(GanTrainer t) {
        if (lastSaved != t.currentStep() && t.currentStep() > 0) {
          save(t);
        }
      }
    };
  }
}
