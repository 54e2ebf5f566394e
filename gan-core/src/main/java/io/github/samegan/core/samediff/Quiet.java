package io.github.samegan.core.samediff;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Keeps SameDiff's build chatter out of users' consoles: SameDiff 1.0.0-M2.1 prints "Added
 * differentiated op …" to {@code System.out} for every op when it builds a gradient function
 * (docs/internals.md).
 */
public final class Quiet {
  private static final Object LOCK = new Object();

  private Quiet() {}

  /** Builds {@code sd}'s gradient function with {@code System.out} silenced. */
  public static void createGradFunction(SameDiff sd) {
    run(sd::createGradFunction);
  }

  /**
   * Runs a task with {@code System.out} silenced. The original stream is restored afterwards only
   * if nobody else replaced the silent one meanwhile (another thread, a test capturing output), so
   * their stream is never overwritten.
   */
  public static void run(Runnable task) {
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
