package io.github.samegan.examples.cli;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.eval.classify.Classifier;
import io.github.samegan.eval.classify.ClassifierFiles;
import io.github.samegan.eval.classify.ClassifierInfo;
import io.github.samegan.eval.classify.ClassifierNetwork;
import io.github.samegan.eval.classify.ClassifierNetworks;
import io.github.samegan.eval.classify.ClassifierTrainer;
import io.github.samegan.examples.runs.ClassifierProgress;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.runs.DataSplits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samegan classifier}: train the classifiers whose features the metrics use. */
@Command(
    name = "classifier",
    mixinStandardHelpOptions = true,
    description = "Train an image classifier (its features and softmax feed 'samegan evaluate').",
    subcommands = {ClassifierCommand.Train.class})
final class ClassifierCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose 'classifier train'");
  }

  /** {@code samegan classifier train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Train a small ResNet on a labelled data set, report its accuracy on held-out images and save it.",
        "Data sets without an official test split ('samegan datasets' lists them) hold out a seeded 10%%."
      })
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dataset",
        required = true,
        completionCandidates = DataSets.Names.class,
        description = "Labelled data set: ${COMPLETION-CANDIDATES}.")
    String dataset;

    @Mixin SharedOptions.DataDir dataDir;

    @Option(names = "--out", required = true, description = "Classifier file to write (zip).")
    Path out;

    @Option(
        names = "--steps",
        defaultValue = "500",
        description = "Training steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(
        names = "--batch",
        defaultValue = "64",
        description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--lr",
        defaultValue = "2e-3",
        description = "Adam learning rate, decayed linearly to 0 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
        names = "--arch",
        defaultValue = "resnet",
        description = "Architecture: " + ClassifierNetworks.KNOWN + ".")
    String arch;

    @Option(
        names = "--augment",
        description = "Augment the training images (spec syntax in docs/data.md; default: none).")
    String augment;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed for weights and data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--progress-every",
        defaultValue = "50",
        description = "Print progress every N steps (default: ${DEFAULT-VALUE}).")
    int progressEvery;

    @Override
    public Integer call() throws Exception {
      if (steps < 1) {
        throw new IllegalArgumentException("--steps must be >= 1, found " + steps);
      }
      if (batch < 2 || batch > 4096) {
        throw new IllegalArgumentException("--batch must be between 2 and 4096, found " + batch);
      }
      if (progressEvery < 1) {
        throw new IllegalArgumentException("--progress-every must be >= 1, found " + progressEvery);
      }
      PrintWriter console = spec.commandLine().getOut();
      console.printf("Loading data set '%s' (train and test splits)...%n", dataset);
      console.flush();
      ImageDataset train = DataSplits.load(dataset, "train", dataDir.path);
      ImageDataset test = DataSplits.load(dataset, "test", dataDir.path);
      if (!train.isLabelled()) {
        throw new SameGanException(
            "Data set '"
                + dataset
                + "' has no class labels; a classifier needs a labelled"
                + " data set (for folder: use one sub-folder per class)");
      }
      if (train.size() < batch) {
        throw new IllegalArgumentException(
            "--batch "
                + batch
                + " is larger than the training split ("
                + train.size()
                + " images)");
      }
      ImageShape shape = DataSets.shapeOf(train);
      ClassifierNetwork network = ClassifierNetworks.fromSpec(arch, shape, train.numClasses());
      Classifier classifier = Classifier.create(network, seed);
      BatchIterator it =
          BatchIterator.builder(train, batch)
              .seed(seed)
              .augment(augment == null ? null : AugmentPipeline.parse(augment).withSeed(seed))
              .build();
      ClassifierTrainer trainer =
          ClassifierTrainer.builder(
                  classifier, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
              .optimizer(ClassifierTrainer.adamWithLinearDecay(lr, steps))
              .build();
      console.printf(
          Locale.ROOT,
          "Training %s (%,d params) on %s %s (%d images, %d classes), batch %d, %d steps%n",
          network.spec(),
          classifier.parameterCount(),
          dataset,
          shape,
          train.size(),
          train.numClasses(),
          batch,
          steps);
      console.flush();
      trainer.fit(steps, new ClassifierProgress(console, steps, progressEvery));
      String split = DataSplits.describe(dataset, "test");
      Classifier.Evaluation ev = classifier.evaluate(onePass(test, 500));
      console.printf(
          Locale.ROOT,
          "Test accuracy: %.2f%% (%d/%d) on %s %s; mean cross-entropy %.4f%n",
          100 * ev.accuracy(),
          ev.correct(),
          ev.count(),
          dataset,
          split,
          ev.meanCrossEntropy());
      ClassifierInfo info =
          new ClassifierInfo(
              network.spec(),
              shape,
              train.classNames(),
              dataset,
              split,
              ev.count(),
              ev.accuracy(),
              steps,
              seed);
      ClassifierFiles.save(out, classifier, info);
      console.printf(
          "Saved %s (use it with: samegan evaluate ... --features classifier:%s)%n", out, out);
      return 0;
    }
  }

  /** Every image of a data set once, in order, as labelled batches. */
  static Iterator<Batch> onePass(ImageDataset data, int batch) {
    BatchIterator it =
        BatchIterator.builder(data, Math.min(batch, data.size()))
            .shuffle(false)
            .dropLast(false)
            .build();
    int batches = (data.size() + it.batchSize() - 1) / it.batchSize();
    return new Iterator<>() {
      private int done;

      @Override
      public boolean hasNext() {
        return done < batches;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        done++;
        return it.next(Batch::new);
      }
    };
  }
}
