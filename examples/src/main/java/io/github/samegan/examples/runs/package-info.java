/**
 * What the command line, the server, the report and the example programs share about runs and data
 * (no command-line parsing here; only the library modules are used): rebuilding a run's model from
 * its checkpoint ({@link io.github.samegan.examples.runs.RunConfig}, {@link
 * io.github.samegan.examples.runs.ModelOptions}), data sets and their splits by name ({@link
 * io.github.samegan.examples.runs.DataSets}, {@link io.github.samegan.examples.runs.DataSplits}),
 * feature networks by spec ({@link io.github.samegan.examples.runs.FeatureNetworks}), folders of
 * images ({@link io.github.samegan.examples.runs.FolderImages}), PNG encoding and decoding ({@link
 * io.github.samegan.examples.runs.ImageCodec}), per-class grids ({@link
 * io.github.samegan.examples.runs.ClassGrids}), classifier progress lines ({@link
 * io.github.samegan.examples.runs.ClassifierProgress}), and the callbacks a training run may add
 * ({@link io.github.samegan.examples.runs.RunCallbacks}).
 */
package io.github.samegan.examples.runs;
