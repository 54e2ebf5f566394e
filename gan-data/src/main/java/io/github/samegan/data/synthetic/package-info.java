/**
 * Synthetic data sets generated in code, so that examples, tests and benchmarks run with no
 * download.
 *
 * <p>{@link io.github.samegan.data.synthetic.ShapesDataset} draws small RGB images of coloured
 * shapes, deterministically from a seed.
 */
package io.github.samegan.data.synthetic;
