/**
 * Run reports: {@link io.github.samegan.examples.report.RunReport} writes a run folder's
 * self-contained {@code report.html} with charts (drawn with XChart), sample grids, settings and
 * the environment of the training run, and {@link io.github.samegan.examples.report.ReportCallback}
 * keeps it up to date while training ({@code samegan train --report}, the example programs).
 * Inside: {@code RunFolder} reads the run, {@code TrainingSections} and {@code LogSections} draw
 * the charts, {@code ReportPage} and {@code SummaryCards} write the HTML. Uses the library modules
 * only.
 */
package io.github.samegan.examples.report;
