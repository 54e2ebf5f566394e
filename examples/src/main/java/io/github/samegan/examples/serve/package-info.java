/**
 * {@code samegan serve} and {@code samegan study}: an HTTP API for generation ({@code
 * /api/generate}) and detection ({@code /api/detect}, behind {@link
 * io.github.samegan.examples.serve.ImageScorer}), and the human real-vs-generated study ({@code
 * /study}) whose answers {@link io.github.samegan.examples.study.StudyStore} keeps in SQLite and
 * {@link io.github.samegan.examples.study.StudyReport} summarises with Wilson intervals and exact
 * binomial tests ({@link io.github.samegan.examples.study.Stats}). See docs/study.md.
 */
package io.github.samegan.examples.serve;
