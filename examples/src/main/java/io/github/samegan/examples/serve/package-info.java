/**
 * The {@code samegan serve} HTTP server ({@link io.github.samegan.examples.serve.SameGanServer},
 * Javalin on Jetty): the generation API ({@code /api/generate}, {@code /api/model}, {@code
 * /api/health}), the detection API ({@code /api/detect}, behind {@link
 * io.github.samegan.examples.serve.ImageScorer}), and the pages and API of the human study, whose
 * logic is in {@link io.github.samegan.examples.study}. Each group of routes is its own class;
 * {@link io.github.samegan.examples.serve.ServedModel} is the checkpoint being served. See
 * docs/study.md.
 */
package io.github.samegan.examples.serve;
