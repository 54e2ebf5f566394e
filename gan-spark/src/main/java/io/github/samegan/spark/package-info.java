/**
 * Scale-out on Apache Spark (3.5, Scala 2.13, {@code provided}): training sweeps, distributed
 * evaluation, detector scoring and data-parallel training; the {@code samegan spark} command line
 * is in {@code io.github.samegan.spark.cli}.
 *
 * <ul>
 *   <li>{@link io.github.samegan.spark.SparkSweep} runs a {@link io.github.samegan.spark.SweepSpec}
 *       (a grid or list of {@link io.github.samegan.spark.SweepSetting}s) as one training per Spark
 *       task. Each run writes its folder (checkpoint, metrics, settings, result) under a shared
 *       output through Hadoop's {@code FileSystem} API and returns one {@link
 *       io.github.samegan.spark.SweepResult}; the rows are written as Parquet and CSV. Finished
 *       runs are skipped on a rerun, a failing setting is recorded with its error.
 *   <li>{@link io.github.samegan.spark.DistributedEvaluation} generates N images from a {@link
 *       io.github.samegan.spark.GanSpec} across partitions (disjoint latent ranges that do not
 *       depend on the partitioning), extracts features per partition and merges {@link
 *       io.github.samegan.spark.MomentSums} (count, Σx, Σxxᵀ in float64) with {@code
 *       treeAggregate}; the Fréchet distance then equals the single-machine value.
 *   <li>{@link io.github.samegan.spark.DistributedMetrics} computes KID (one subset per task item,
 *       gan-eval's subsets) and precision/recall (k-NN radii and manifold membership over row
 *       ranges) from feature rows collected in image order and broadcast.
 *   <li>{@link io.github.samegan.spark.DetectorScoring} scores a folder tree, a Parquet table of
 *       encoded images and GAN samples with a saved detector ({@link
 *       io.github.samegan.spark.DetectorSpec}) and reports the detection rate per source.
 *   <li>{@link io.github.samegan.spark.DataParallelTrainer} trains one GAN on P workers by
 *       parameter averaging in rounds ({@link io.github.samegan.spark.DataParallelSettings}): the
 *       driver broadcasts the state (parameters, optimizer state), each task trains K steps on its
 *       block of the global batches, {@code treeAggregate} averages. Tasks are deterministic, so
 *       Spark's retry of a failed task reproduces it; checkpoints are gan-core's format ({@code
 *       samegan spark train}).
 * </ul>
 *
 * <p>Everything that crosses from the driver to the executors is {@link java.io.Serializable} and
 * small (settings, recipes, factories), except the data-parallel state, which is the model's
 * parameters and optimizer state as float arrays; networks, data sets and ND4J arrays are built on
 * the executor. See docs/scale.md.
 */
package io.github.samegan.spark;
