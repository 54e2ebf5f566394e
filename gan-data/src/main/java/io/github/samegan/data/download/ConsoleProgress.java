package io.github.samegan.data.download;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link DownloadListener} that draws a one-line progress bar, redrawn in place with a carriage
 * return at most five times a second, e.g. {@code cifar-10-binary.tar.gz [#########-----------] 45%
 * 73.2/162.6 MB 4.1 MB/s}, and prints messages on lines of their own.
 */
public final class ConsoleProgress implements DownloadListener {

  private static final int WIDTH = 24;

  private final PrintWriter out;
  private long startNanos;
  private long startBytes;
  private long lastDraw;
  private boolean drawn;

  /**
   * Creates a progress bar on {@code out}.
   *
   * @param out where to draw
   */
  public ConsoleProgress(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void started(RemoteFile file, long offset, long total) {
    startNanos = System.nanoTime();
    startBytes = offset;
    lastDraw = 0;
    draw(file, offset, total);
  }

  @Override
  public void progress(RemoteFile file, long done, long total) {
    long now = System.nanoTime();
    if (now - lastDraw >= 200_000_000L || (total > 0 && done >= total)) {
      draw(file, done, total);
    }
  }

  @Override
  public void finished(RemoteFile file) {
    if (drawn) {
      out.println();
      out.flush();
      drawn = false;
    }
  }

  @Override
  public void message(String line) {
    if (drawn) {
      out.println();
      drawn = false;
    }
    out.println(line);
    out.flush();
  }

  private void draw(RemoteFile file, long done, long total) {
    lastDraw = System.nanoTime();
    double seconds = Math.max(1e-3, (lastDraw - startNanos) / 1e9);
    double rate = (done - startBytes) / seconds;
    StringBuilder sb = new StringBuilder("\r").append(file.fileName()).append(' ');
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, WIDTH * done / total);
      sb.append('[')
          .append("#".repeat(filled))
          .append("-".repeat(WIDTH - filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", 100 * done / total))
          .append(String.format(Locale.ROOT, "%.1f/%.1f MB", done / 1e6, total / 1e6));
    } else {
      sb.append(String.format(Locale.ROOT, "%.1f MB", done / 1e6));
    }
    sb.append(String.format(Locale.ROOT, "  %.1f MB/s   ", rate / 1e6));
    out.print(sb);
    out.flush();
    drawn = true;
  }
}
