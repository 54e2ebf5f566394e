/**
 * The SameGAN application: the {@code samegan} command line, the HTTP server with the human study,
 * the run report and the example programs, built on the library modules. Its packages depend on
 * each other one way only, never in a cycle:
 *
 * <ul>
 *   <li>{@link io.github.samegan.examples.cli} (the command line) may use every other package;
 *       nothing uses it;
 *   <li>{@link io.github.samegan.examples.serve} (the HTTP server) uses {@code study} and {@code
 *       runs};
 *   <li>{@link io.github.samegan.examples.gallery} (the example programs) uses {@code report} and
 *       {@code runs};
 *   <li>{@link io.github.samegan.examples.report} (the run report) and {@link
 *       io.github.samegan.examples.study} (the human study) use {@code runs} at most;
 *   <li>{@link io.github.samegan.examples.runs} (runs and data shared by all of them) uses the
 *       library modules only.
 * </ul>
 *
 * <p>This package itself holds {@link io.github.samegan.examples.CustomGanExample}, the "define
 * your own GAN" snippet of README.md.
 */
package io.github.samegan.examples;
