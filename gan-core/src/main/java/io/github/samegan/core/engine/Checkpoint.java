package io.github.samegan.core.engine;

import io.github.samegan.core.graph.ParameterStore;
import java.util.Map;
import java.util.Objects;

/**
 * What a trainer saves besides its updates' optimizer state ({@link Checkpoints#write}).
 *
 * @param step the training step completed
 * @param rngState the trainer's RNG state
 * @param dataPosition the data source's position (empty for a stateless source)
 * @param initSeed the weight-initialisation seed
 * @param metadata free-form metadata (e.g. the command line's model and loss names)
 * @param store the parameters and state
 */
public record Checkpoint(
    long step,
    long rngState,
    long[] dataPosition,
    long initSeed,
    Map<String, String> metadata,
    ParameterStore store) {

  /** Validates and copies the components. */
  public Checkpoint {
    dataPosition = dataPosition.clone();
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(store, "store");
  }
}
