package io.github.samegan.core.train;

import io.github.samegan.core.graph.ParameterStore;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Everything a checkpoint holds, as written by {@link GanTrainer#saveCheckpoint}. */
record Checkpoint(
    long step,
    long rngState,
    int dIteration,
    int gIteration,
    long[] dataPosition,
    long initSeed,
    Map<String, String> metadata,
    ParameterStore store,
    Map<String, INDArray> optimizer) {}
