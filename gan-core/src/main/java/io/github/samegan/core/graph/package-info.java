/**
 * The graph-building context: {@link io.github.samegan.core.graph.NetGraph} (one SameDiff graph
 * plus scope, mode and the trainable set), the {@link io.github.samegan.core.graph.ParameterStore}
 * that several graphs share, initialisers and the seeded, checkpointable {@link
 * io.github.samegan.core.graph.Rng}.
 */
package io.github.samegan.core.graph;
