package io.github.samegan.core.train;

import io.github.samegan.core.graph.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where {@link GanTrainer} gets the latent noise {@code z} of each update. The default ({@link
 * #FROM_TRAINER_RNG}) draws it from the trainer's sequential {@link Rng}; {@link #perIndex} draws
 * each row from its own generator seeded by (seed, step, update, global row index), so a batch
 * split across workers gets exactly the rows one worker with the whole batch would (data-parallel
 * training, gan-spark's {@code DataParallelTrainer}).
 */
@FunctionalInterface
public interface LatentSource {

  /** The trainer's own RNG: {@code rng.gaussian(type, batch, latentDim)} (the default). */
  LatentSource FROM_TRAINER_RNG =
      (step, update, batch, latentDim, type, rng) -> rng.gaussian(type, batch, latentDim);

  /**
   * The latent batch of one update.
   *
   * @param step the step the update belongs to (1 for the first step)
   * @param update which update of the step: {@code 0 … nCritic − 1} for the discriminator updates,
   *     {@code nCritic} for the generator update
   * @param batch rows to draw
   * @param latentDim columns
   * @param type the GAN's floating-point type
   * @param rng the trainer's generator (a source may ignore it)
   * @return a fresh {@code [batch, latentDim]} array
   */
  INDArray latents(long step, int update, long batch, long latentDim, DataType type, Rng rng);

  /**
   * Row {@code i} of each batch is {@code N(0, I)} drawn from a generator seeded by a hash of
   * ({@code seed}, step, update, {@code offset + i}); the trainer's RNG is not used. Worker {@code
   * p} of {@code P}, each with batch {@code b}, uses {@code offset = p·b} and so gets rows {@code
   * p·b … (p+1)·b − 1} of the batch a single trainer with {@code perIndex(seed, 0)} and batch
   * {@code P·b} draws.
   *
   * @param seed the run's noise seed
   * @param offset the global index of this trainer's first row, ≥ 0
   */
  static LatentSource perIndex(long seed, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, found " + offset);
    }
    return (step, update, batch, latentDim, type, rng) -> {
      double[] v = new double[Math.toIntExact(batch * latentDim)];
      int k = 0;
      for (long i = 0; i < batch; i++) {
        Rng row = new Rng(rowSeed(seed, step, update, offset + i));
        for (long j = 0; j < latentDim; j++) {
          v[k++] = row.nextGaussian();
        }
      }
      return org.nd4j.linalg.factory.Nd4j.create(v, new long[] {batch, latentDim}, 'c')
          .castTo(type);
    };
  }

  /** The seed of one row's generator: SplitMix64 steps over the four coordinates. */
  private static long rowSeed(long seed, long step, int update, long index) {
    Rng h = new Rng(seed);
    long s = h.nextLong() ^ step;
    h.setState(s);
    s = h.nextLong() ^ update;
    h.setState(s);
    s = h.nextLong() ^ index;
    h.setState(s);
    return h.nextLong();
  }
}
