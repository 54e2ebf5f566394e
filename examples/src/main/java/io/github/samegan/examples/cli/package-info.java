/**
 * The {@code samegan} command line: {@link io.github.samegan.examples.cli.SameGan} (the entry
 * point, run by the {@code samegan} launcher) and one picocli command class per command ({@code
 * TrainCommand}, {@code SampleCommand}, {@code EvaluateCommand}, {@code ServeCommand}, ...).
 * Options several commands take are declared once as mixins in {@code SharedOptions}. Commands turn
 * flags into calls on the other packages and print the results; they do not call each other. No
 * other package depends on this one.
 */
package io.github.samegan.examples.cli;
