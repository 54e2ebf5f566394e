package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.registry.DatasetEntry;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.data.registry.StandardDatasets;
import io.github.samegan.examples.runs.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every data set list the command line shows comes from the data set registry. */
class DatasetsCliTest {

  private static final DatasetRegistry REGISTRY = DatasetRegistry.standard();
  private static final String NAMES = String.join(", ", REGISTRY.names());

  /** Command path → the option whose description lists the data sets. */
  private static final Map<List<String>, String> DATASET_OPTIONS =
      Map.of(
          List.of("train"), "--dataset",
          List.of("classifier", "train"), "--dataset",
          List.of("evaluate"), "--reference",
          List.of("detect", "train"), "--real",
          List.of("data", "augment"), "--dataset",
          List.of("serve"), "--real");

  @Test
  void everyDatasetOptionsHelpListsExactlyTheRegistrysNames() {
    assertThat(REGISTRY.names())
        .contains("shapes", "cifar100-coarse", "fashion-mnist", "folder:PATH");
    CommandLine root = new CommandLine(new SameGan());
    DATASET_OPTIONS.forEach(
        (path, option) -> {
          CommandLine cmd = root;
          for (String name : path) {
            cmd = cmd.getSubcommands().get(name);
          }
          String description =
              String.join(" ", cmd.getCommandSpec().findOption(option).description());
          // The whole list and nothing more: it ends the sentence or is followed by a remark in
          // brackets.
          assertThat(description)
              .as(path + " " + option)
              .containsAnyOf(": " + NAMES + ".", ": " + NAMES + " (")
              .doesNotContain("${");
          List<String> args = new ArrayList<>(path);
          args.add("--help");
          CliTest.Result help = CliTest.run(args.toArray(String[]::new));
          assertThat(help.code()).isZero();
          assertThat(unwrap(help.out())).as(path + " --help").contains(NAMES);
        });
    CommandLine download = root.getSubcommands().get("data").getSubcommands().get("download");
    assertThat(
            String.join(" ", download.getCommandSpec().positionalParameters().get(0).description()))
        .isEqualTo("Data set to download: " + String.join(", ", REGISTRY.downloadNames()) + ".");
  }

  @Test
  void anUnknownDatasetIsRefusedInOneLineListingExactlyTheRegistrysNames(@TempDir Path dir) {
    List<List<String>> commands =
        List.of(
            List.of(
                "train", "--dataset", "nope", "--steps", "1", "--out", dir.resolve("t").toString()),
            List.of(
                "classifier",
                "train",
                "--dataset",
                "nope",
                "--out",
                dir.resolve("c.zip").toString()),
            List.of("data", "augment", "--dataset", "nope", "--out", dir.resolve("a").toString()));
    for (List<String> args : commands) {
      CliTest.Result r = CliTest.run(args.toArray(String[]::new));
      assertThat(r.code()).as(args.toString()).isEqualTo(SameGan.EXIT_USAGE);
      assertThat(r.err().lines().toList())
          .as(args.toString())
          .singleElement()
          .asString()
          .isEqualTo("samegan: Unknown dataset 'nope'; known: " + NAMES);
    }
    CliTest.Result download = CliTest.run("data", "download", "mnist", "--dir", dir.toString());
    assertThat(download.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(download.err().strip())
        .isEqualTo(
            "samegan: no download known for data set 'mnist'; choose one of "
                + String.join(", ", REGISTRY.downloadNames()));
  }

  @Test
  void datasetsListsEveryEntryWithItsShapeLabelsSplitAndDownload() {
    CliTest.Result r = CliTest.run("datasets");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> firstColumn =
        r.out()
            .lines()
            .filter(l -> !l.startsWith(" ") && !l.startsWith("Files"))
            .map(l -> l.split(" ")[0])
            .toList();
    assertThat(firstColumn).containsExactlyElementsOf(REGISTRY.names());
    for (DatasetEntry e : REGISTRY.entries()) {
      assertThat(r.out()).contains(e.description());
    }
    assertThat(r.out())
        .contains("3x32x32; 16 classes; test split: holdout 10% (seed 0)\n")
        .contains(
            "3x32x32; 10 classes (batches.meta.txt); test split: official; also cifar-10;"
                + " download: samegan data download cifar10\n")
        .contains(
            "1x32x32; 10 classes; test split: official; also fashion_mnist, fashionmnist;"
                + " download: samegan data download fashion-mnist\n")
        .contains("; download: samegan data download cifar100\n");
    assertThat(CliTest.run("--help").out()).contains("datasets");
  }

  @Test
  void aConditionalModelOnUnlabelledDataNamesTheRegistrysLabelledSets() {
    String labelled =
        REGISTRY.entries().stream()
            .filter(e -> e.labels().labelled())
            .map(DatasetEntry::displayName)
            .collect(Collectors.joining(", "));
    assertThat(labelled)
        .isEqualTo("shapes, cifar100, cifar100-coarse, cifar10, fashion-mnist, mnist");
    assertThatThrownBy(() -> ModelOptions.forTraining("cdcgan", "folder:x", 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("has no labels; use a labelled set (" + labelled + ")");
  }

  @Test
  void dataMdsRegistryTableNamesEveryBuiltInDataSet() throws Exception {
    String md = Files.readString(DocsCommandsTest.ROOT.resolve("docs/data.md"));
    String section =
        md.substring(
            md.indexOf("## Names: the data set registry"), md.indexOf("### Add your own data set"));
    for (DatasetEntry e : StandardDatasets.all()) {
      assertThat(section)
          .as("docs/data.md lists " + e.displayName())
          .contains("| `" + e.displayName() + "`");
      for (String alias : e.aliases()) {
        assertThat(section).contains("`" + alias + "`");
      }
    }
  }

  /** Help text without picocli's line wrapping (which may break after a hyphen). */
  private static String unwrap(String help) {
    return help.replaceAll("-\\R\\s+", "-").replaceAll("\\s+", " ");
  }
}
