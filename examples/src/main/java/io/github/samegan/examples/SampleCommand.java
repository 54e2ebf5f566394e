package io.github.samegan.examples;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.ImageGrid;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samegan sample}: a PNG grid from a checkpoint. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Write a PNG grid of generated images from a checkpoint.")
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true,
      description = "A .ckpt file, or a run folder (uses RUN/checkpoints/last.ckpt).")
  Path checkpoint;

  @Option(names = "--n", defaultValue = "64", description = "Number of images (1..1024, default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--out", defaultValue = "samples.png", description = "Output PNG (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "Latent noise seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--scale", defaultValue = "2", description = "Pixel upscaling in the grid (default: ${DEFAULT-VALUE}).")
  int scale;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException("--n must be between 1 and 1024, found " + n);
    }
    RunConfig.LoadedRun run = RunConfig.load(checkpoint);
    ImageGrid.write(run.gan().sample(n, new Rng(seed)), 0, scale, out);
    spec.commandLine().getOut().printf("Wrote %d samples from %s (step %d) to %s%n",
        n, run.file(), run.checkpoint().step(), out);
    return 0;
  }
}
