/**
 * Run reports: {@code samegan report RUN_DIR} and {@code samegan train --report} write a
 * self-contained {@code report.html} with charts (drawn with XChart), sample grids, settings and
 * environment of a training run.
 */
package io.github.samegan.examples.report;
