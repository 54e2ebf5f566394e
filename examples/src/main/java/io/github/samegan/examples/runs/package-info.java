/**
 * What the command line, the server, the report and the example programs share about runs and data
 * (no command-line parsing here; only the library modules are used): rebuilding a run's model from
 * its checkpoint ({@link io.github.samegan.examples.runs.RunConfig}, {@link
 * io.github.samegan.examples.runs.ModelOptions}), data sets and their splits by name ({@link
 * io.github.samegan.examples.runs.DataSets}, {@link io.github.samegan.examples.runs.DataSplits}),
 * feature networks by spec ({@link io.github.samegan.examples.runs.FeatureNetworks}), folders of
 * images and numpy arrays of 8-bit images read batch by batch ({@link
 * io.github.samegan.examples.runs.ImageBatches}, {@link
 * io.github.samegan.examples.runs.FolderImages}, {@link io.github.samegan.examples.runs.NpzImages},
 * {@link io.github.samegan.examples.runs.ImageBytes}), a checkpoint's samples in a fixed order and
 * their export as PNG folders or {@code .npz} archives ({@link
 * io.github.samegan.examples.runs.SampleStream}, {@link
 * io.github.samegan.examples.runs.SampleExport}), PNG encoding and decoding ({@link
 * io.github.samegan.examples.runs.ImageCodec}), per-class grids ({@link
 * io.github.samegan.examples.runs.ClassGrids}), classifier progress lines ({@link
 * io.github.samegan.examples.runs.ClassifierProgress}), and the callbacks a training run may add
 * ({@link io.github.samegan.examples.runs.RunCallbacks}).
 */
package io.github.samegan.examples.runs;
