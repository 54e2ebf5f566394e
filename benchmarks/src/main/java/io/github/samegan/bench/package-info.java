/**
 * JMH benchmarks of the training step and tools that measure memory over long runs. Run with {@code
 * benchmarks/run.sh}; results and the commands that produced them are in docs/benchmarks.md.
 */
package io.github.samegan.bench;
