/**
 * The {@code samegan} command line ({@link io.github.samegan.examples.cli.SameGan}) and example
 * programs that show how to use the library.
 */
package io.github.samegan.examples;
