package io.github.samegan.eval.classify;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Runs a task with {@code System.out} silenced: SameDiff 1.0.0-M2.1 prints "Added differentiated
 * op …" for every op when it builds a gradient function (docs/internals.md). Restores the original
 * stream only if nobody else replaced it meanwhile.
 */
final class Quiet {
  private static final Object LOCK = new Object();

  private Quiet() {}

  static void run(Runnable task) {
    synchronized (LOCK) {
      PrintStream original = System.out;
      PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
      System.setOut(silent);
      try {
        task.run();
      } finally {
        if (System.out == silent) {
          System.setOut(original);
        }
      }
    }
  }
}
