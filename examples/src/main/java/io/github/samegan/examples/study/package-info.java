/**
 * The human real-vs-generated study, without HTTP: {@link io.github.samegan.examples.study.Study}
 * creates sessions and records answers, {@link io.github.samegan.examples.study.StudyStore} keeps
 * them in SQLite, and {@link io.github.samegan.examples.study.StudyReport} summarises them with
 * Wilson intervals and exact binomial tests ({@link io.github.samegan.examples.study.Stats}).
 * Generated images come from a {@link io.github.samegan.examples.study.FakeImages}; a refused
 * request is a {@link io.github.samegan.examples.study.StudyException} carrying its HTTP status.
 * {@code samegan serve} runs it; see docs/study.md.
 */
package io.github.samegan.examples.study;
