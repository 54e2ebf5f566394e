package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.examples.SmoothedMinimaxLoss;
import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.losses.AuxiliaryClassifierLoss;
import io.github.samegan.losses.DraganPenalty;
import io.github.samegan.losses.InfoGanContinuousCodes;
import io.github.samegan.losses.InfoGanLoss;
import io.github.samegan.losses.LeastSquaresLoss;
import io.github.samegan.losses.LossOption;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.losses.TwoSidedGradientPenalty;
import io.github.samegan.losses.WassersteinLoss;
import io.github.samegan.losses.ZeroCenteredGradientPenalty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loss flags of {@code samegan train} come from the loss option declarations: every flag that
 * {@code samegan losses} advertises (built-in, and {@link SmoothedMinimaxLoss}'s from a test-only
 * provider) is accepted, reaches the checkpoint and reads back the same.
 */
class LossFlagsTest {
  /** A valid, non-default value for every loss flag; a new flag must be added here. */
  private static final Map<String, String> NON_DEFAULT =
      Map.ofEntries(
          Map.entry("--gp-weight", "5"),
          Map.entry("--r1-gamma", "1"),
          Map.entry("--lazy-every", "4"),
          Map.entry("--clip", "0.02"),
          Map.entry("--ls-targets", "-1,1,0"),
          Map.entry("--dragan-scale", "0.3"),
          Map.entry("--real-label-smoothing", "0.1"),
          Map.entry("--ebgan-margin", "0.5"),
          Map.entry("--pt-weight", "0.2"),
          Map.entry("--began-gamma", "0.7"),
          Map.entry("--began-lambda-k", "0.01"),
          Map.entry("--history-weight", "0.001"),
          Map.entry("--ortho-weight", "0.001"),
          Map.entry("--ac-weight", "0.5"),
          Map.entry("--info-lambda", "0.5"),
          Map.entry("--info-continuous", "2"),
          Map.entry("--info-continuous-lambda", "0.2"));

  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

  private static CliTest.Result train(Path out, String loss, String... more) {
    return train(out, 1, loss, more);
  }

  /**
   * The model a loss and its flags train with: the energy losses need an auto-encoder
   * discriminator, the second-head flags a model with that head.
   */
  private static String model(String loss, String... flags) {
    List<String> given = List.of(flags);
    if (loss.equals("ebgan") || loss.equals("began")) {
      return loss;
    }
    if (given.contains("--ac-weight")) {
      return "acgan";
    }
    return given.stream().anyMatch(f -> f.startsWith("--info-")) ? "infogan" : "mlp";
  }

  private static CliTest.Result train(Path out, int steps, String loss, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--model",
                // the energy losses need an auto-encoder discriminator, their models have one
                model(loss, more),
                "--loss",
                loss,
                "--steps",
                Integer.toString(steps),
                "--batch",
                "4",
                "--out",
                out.toString(),
                "--progress-every",
                "1"));
    args.addAll(List.of(more));
    return CliTest.run(args.toArray(String[]::new));
  }

  @Test
  void everyFlagThatLossesAdvertisesIsAcceptedAndSurvivesACheckpointRoundTrip(@TempDir Path dir)
      throws Exception {
    CliTest.Result listing = CliTest.run("losses");
    assertThat(listing.code()).as(listing.err()).isZero();
    TreeSet<String> advertised = new TreeSet<>();
    Matcher m = FLAG.matcher(listing.out());
    while (m.find()) {
      advertised.add(m.group());
    }
    assertThat(advertised).containsExactlyInAnyOrderElementsOf(NON_DEFAULT.keySet());

    TreeSet<String> checked = new TreeSet<>();
    List<LossRegistry.Entry> entries = new ArrayList<>(LossRegistry.standard().entries());
    // the options every loss reads, given to a loss that has none of its own (the head options
    // with the model that has the head)
    for (List<LossOption<?>> every :
        List.of(
            LossRegistry.COMMON,
            List.<LossOption<?>>of(AuxiliaryClassifierLoss.WEIGHT),
            List.<LossOption<?>>of(
                InfoGanLoss.LAMBDA, InfoGanContinuousCodes.CODES, InfoGanContinuousCodes.LAMBDA))) {
      entries.add(
          new LossRegistry.Entry(
              "minimax",
              "every loss's options",
              o -> null,
              every,
              LossRegistry.Recommended.dcgan()));
    }
    for (LossRegistry.Entry e : entries) {
      if (e.options().isEmpty()) {
        continue;
      }
      List<String> flags = new ArrayList<>();
      for (LossOption<?> o : e.options()) {
        flags.addAll(List.of(o.flag(), NON_DEFAULT.get(o.flag())));
      }
      Path run = dir.resolve(e.name() + "-" + checked.size());
      CliTest.Result r = train(run, e.name(), flags.toArray(String[]::new));
      assertThat(r.code()).as(e.name() + " " + flags + ": " + r.err()).isZero();

      Path ckpt = run.resolve("checkpoints/last.ckpt");
      Map<String, String> meta = Checkpoints.read(ckpt).metadata();
      RunConfig config = RunConfig.fromMetadata(ckpt, meta);
      for (LossOption<?> o : e.options()) {
        assertRoundTrip(o, NON_DEFAULT.get(o.flag()), config.lossOptions(), meta);
        checked.add(o.flag());
      }
      assertThat(RunConfig.load(run).config()).isEqualTo(config);
    }
    assertThat(checked).containsExactlyElementsOf(advertised);
  }

  private static <T> void assertRoundTrip(
      LossOption<T> o, String given, LossOptions read, Map<String, String> meta) {
    T expected = o.parse(given);
    assertThat(expected).as(o.flag()).isNotEqualTo(o.defaultValue());
    assertThat(read.get(o)).as(o.flag()).isEqualTo(expected);
    assertThat(meta).containsEntry("loss." + o.key(), o.format(expected));
  }

  @Test
  void aResumedRunKeepsItsLossOptionsAndRefusesOthers(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("ls");
    assertThat(train(run, "lsgan", "--ls-targets", "-1,1,0").code()).isZero();
    CliTest.Result other = train(run, 2, "lsgan", "--resume", "--ls-targets", "0,1,1");
    assertThat(other.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(other.err()).contains("used --ls-targets -1.0,1.0,0.0 but 0.0,1.0,1.0 was given");
    CliTest.Result same = train(run, 2, "lsgan", "--resume", "--ls-targets", "-1.0, 1, 0");
    assertThat(same.code()).as(same.err()).isZero();
    CliTest.Result without = train(run, 3, "lsgan", "--resume");
    assertThat(without.code()).as(without.err()).isZero();
    assertThat(Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata())
        .containsEntry("loss.lsTargets", "-1.0,1.0,0.0");
    assertThat(RunConfig.load(run).config().lossOptions().get(LeastSquaresLoss.TARGETS))
        .isEqualTo(new LeastSquaresLoss.Targets(-1, 1, 0));
  }

  @Test
  void flagsTheLossDoesNotReadAndBadValuesAreExplained(@TempDir Path dir) {
    CliTest.Result notRead = train(dir.resolve("a"), "lsgan", "--dragan-scale", "0.3");
    assertThat(notRead.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(notRead.err())
        .contains("--dragan-scale has no effect with --loss lsgan; it reads [--ls-targets]")
        .doesNotContain("\tat ");
    CliTest.Result none = train(dir.resolve("b"), "hinge", "--real-label-smoothing", "0.1");
    assertThat(none.err())
        .contains("--real-label-smoothing has no effect with --loss hinge (it takes no options)");

    CliTest.Result negative = train(dir.resolve("c"), "wgan-gp", "--gp-weight", "-1");
    assertThat(negative.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(negative.err())
        .contains("--gp-weight (gpWeight) must be a positive finite number, found -1.0");
    CliTest.Result lazy = train(dir.resolve("d"), "r1", "--lazy-every", "0");
    assertThat(lazy.err())
        .contains("--lazy-every (lazyEvery) must be an integer in [1, 1000], found 0");
    CliTest.Result targets = train(dir.resolve("e"), "lsgan", "--ls-targets", "1,1");
    assertThat(targets.err())
        .contains(
            "--ls-targets (lsTargets) must be three finite numbers a,b,c with a != b,"
                + " found '1,1'");
    CliTest.Result plugin =
        train(dir.resolve("f"), "smoothed-minimax", "--real-label-smoothing", "0.5");
    assertThat(plugin.err()).contains("must be a number in [0, 0.5), found 0.5");
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void helpListsTheLossFlagsAfterNCritic() {
    CliTest.Result help = CliTest.run("train", "--help");
    assertThat(help.code()).isZero();
    String out = help.out().replaceAll("\\s+", " ");
    assertThat(out)
        .contains("--gp-weight=λ")
        .contains("--ls-targets=a,b,c")
        .contains("--real-label-smoothing=α")
        .contains("(default: 10.0; --loss wgan-gp, dragan)")
        .contains("(default: 0.01; --loss wgan)")
        .contains("--lazy-every=k Apply R1/R2 only on every k-th discriminator update");
    int nCritic = out.indexOf("--n-critic=<nCritic> D updates per G update");
    int clip = out.indexOf("--clip=c WGAN weight-clipping bound");
    int dragan = out.indexOf("--dragan-scale=c DRAGAN perturbation scale");
    int sampleEvery = out.indexOf("--sample-every=<sampleEvery> Write a sample grid");
    assertThat(List.of(nCritic, clip, dragan, sampleEvery)).doesNotContain(-1).isSorted();
  }

  @Test
  void checkpointMetadataHoldsEveryOptionAndOlderCheckpointsReadDefaults() {
    LossOptions all =
        LossOptions.defaults()
            .with(TwoSidedGradientPenalty.WEIGHT, 3.0)
            .withText(LeastSquaresLoss.TARGETS, "-1,1,0")
            .with(DraganPenalty.SCALE, 0.25)
            .with(WassersteinLoss.CLIP, 0.0)
            .with(SmoothedMinimaxLoss.ALPHA, 0.2);
    RunConfig config = new RunConfig("shapes", "mlp", "dragan", ImageShape.rgb(32), 7, all);
    Map<String, String> meta = config.toMetadata();
    for (LossOption<?> o : LossRegistry.standard().options()) {
      assertThat(meta).containsKey("loss." + o.key());
    }
    assertThat(RunConfig.fromMetadata(Path.of("x.ckpt"), meta)).isEqualTo(config);

    // what 'samegan train' wrote before loss options were declared: four of them, no LSGAN targets
    // or DRAGAN scale
    Map<String, String> old =
        new HashMap<>(
            Map.of(
                "dataset",
                "shapes",
                "model",
                "mlp",
                "loss",
                "lsgan",
                "channels",
                "3",
                "height",
                "32",
                "width",
                "32",
                "initSeed",
                "7"));
    old.putAll(
        Map.of(
            "loss.gpWeight",
            "10.0",
            "loss.r1Gamma",
            "2.0",
            "loss.lazyEvery",
            "1",
            "loss.clip",
            "0.01"));
    LossOptions read = RunConfig.fromMetadata(Path.of("old.ckpt"), old).lossOptions();
    assertThat(read).isEqualTo(LossOptions.defaults().with(ZeroCenteredGradientPenalty.GAMMA, 2.0));
    assertThat(read.get(LeastSquaresLoss.TARGETS))
        .isEqualTo(LeastSquaresLoss.TARGETS.defaultValue());
    assertThat(read.get(DraganPenalty.SCALE)).isEqualTo(0.5);

    old.put("loss.draganScale", "-2");
    assertThatThrownBy(() -> RunConfig.fromMetadata(Path.of("bad.ckpt"), old))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("bad.ckpt")
        .hasMessageContaining(
            "--dragan-scale (draganScale) must be a positive finite number, found -2.0");
  }
}
