/**
 * Example programs, each a small class to copy: a {@code runExample(ExampleSettings)} that builds a
 * GAN, trains it and returns an {@link io.github.samegan.examples.gallery.ExampleResult}, and a
 * {@code main}. Run them with {@code samegan example NAME} (list: {@code samegan example}) or their
 * own {@code java} command; every one that trains writes sample grids, a loss log, a checkpoint and
 * a {@code report.html} to its output folder, and says in one line when its data set is absent and
 * it falls back to the embedded shapes set. {@link io.github.samegan.examples.gallery.Gallery}
 * lists them and holds the shared plumbing ({@code Gallery.start}, {@code Run.trainer}). {@link
 * io.github.samegan.examples.gallery.FrechetSanityCheck} is a stand-alone program that checks a
 * feature network's Fréchet distance. Uses {@code runs} and {@code report}, never the command line.
 */
package io.github.samegan.examples.gallery;
