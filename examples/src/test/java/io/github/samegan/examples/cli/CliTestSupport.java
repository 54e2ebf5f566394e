package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** Lets tests in other packages create runs through the CLI. */
public final class CliTestSupport {
  private CliTestSupport() {}

  /** Runs {@code samegan train ARGS} in-process and asserts it succeeded. */
  public static void train(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    CliTest.Result r = CliTest.run(all);
    assertThat(r.code()).as(r.err()).isZero();
  }
}
