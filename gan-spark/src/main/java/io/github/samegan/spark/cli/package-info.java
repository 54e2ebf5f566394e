/**
 * The {@code samegan spark} command line: {@link io.github.samegan.spark.cli.SparkCli} and its
 * subcommands ({@code sweep}, {@code evaluate}, {@code score}), run by the {@code samegan} launcher
 * in local mode or by {@code spark-submit} from the job jar. A new subcommand is a picocli {@code
 * Callable<Integer>} that takes the {@link io.github.samegan.spark.cli.SparkCli} as its
 * {@code @ParentCommand} (for the session and console) and is listed in {@code SparkCli}'s {@code
 * subcommands}.
 */
package io.github.samegan.spark.cli;
