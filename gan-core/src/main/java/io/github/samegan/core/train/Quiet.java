package io.github.samegan.core.train;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Runs a task with {@code System.out} silenced. SameDiff 1.0.0-M2.1 prints "Added differentiated
 * op …" to stdout for every op when it builds a gradient function; users must not see that.
 */
final class Quiet {
  private static final Object LOCK = new Object();

  private Quiet() {}

  static void run(Runnable task) {
    synchronized (LOCK) {
      PrintStream original = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        task.run();
      } finally {
        System.setOut(original);
      }
    }
  }
}
