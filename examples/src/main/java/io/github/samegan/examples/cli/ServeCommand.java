package io.github.samegan.examples.cli;

import io.github.samegan.data.ImageDataset;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.serve.DetectorScorer;
import io.github.samegan.examples.serve.DiscriminatorScorer;
import io.github.samegan.examples.serve.ImageScorer;
import io.github.samegan.examples.serve.SameGanServer;
import io.github.samegan.examples.serve.ServedModel;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samegan serve}: the generation/detection API and the human real-vs-fake study on an
 * embedded HTTP server. Runs until interrupted (Ctrl-C).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a checkpoint over HTTP: generation and detection API, and the human study.",
      "API: /api/generate, /api/detect, /api/model, /api/health. Study: /study (results at /study/results).",
      "Answers are stored in SQLite as they arrive; a restarted server continues unfinished sessions.",
      "See docs/study.md."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SharedOptions.Checkpoint checkpoint;

  @Option(
      names = "--detector",
      paramLabel = "D",
      description =
          "Detector for /api/detect: a 'samegan detect train' detector (file or folder), 'discriminator'"
              + " (the checkpoint's own D) or another checkpoint (.ckpt or run folder) whose D is used."
              + " Without it /api/detect answers 501.")
  String detector;

  @Option(
      names = "--real",
      paramLabel = "DATASET",
      completionCandidates = DataSets.Names.class,
      description =
          "Real images for the study: ${COMPLETION-CANDIDATES} (default: the checkpoint's data set).")
  String real;

  @Mixin SharedOptions.DataDir dataDir;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 exposes the study to the network).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(
      names = "--db",
      defaultValue = "study.sqlite",
      description = "SQLite file for study answers (default: ${DEFAULT-VALUE}).")
  Path db;

  @Option(
      names = "--trials",
      defaultValue = "20",
      description =
          "Trials per study session, 2..200 (default: ${DEFAULT-VALUE}; the page may ask for others with ?trials=N).")
  int trials;

  @Option(
      names = "--mode",
      defaultValue = "single",
      description =
          "single (is this image real?) or pair (which of two is real?) (default: ${DEFAULT-VALUE}; ?mode=).")
  String mode;

  @Option(
      names = "--exposure-ms",
      defaultValue = "0",
      description =
          "How long images stay visible, 0 = no limit, else 100..60000 ms (default: ${DEFAULT-VALUE}; ?exposure=).")
  int exposureMs;

  @Option(
      names = "--max-upload-mb",
      defaultValue = "5",
      description = "Largest /api/detect upload in MB (default: ${DEFAULT-VALUE}).")
  int maxUploadMb;

  @Override
  public Integer call() throws Exception {
    StudySettings settings = new StudySettings(StudyMode.parse(mode), trials, exposureMs);
    if (maxUploadMb < 1 || maxUploadMb > 100) {
      throw new IllegalArgumentException(
          "--max-upload-mb must be in [1, 100], found " + maxUploadMb);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in [0, 65535], found " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    ServedModel model = ServedModel.load(checkpoint.path);
    String realName = real != null ? real : model.datasetName();
    if (realName == null) {
      throw new IllegalArgumentException(
          "The checkpoint does not say which data set it was trained on; pass --real DATASET");
    }
    ImageDataset realImages = DataSets.load(realName, dataDir.path, model.shape().height());
    ImageScorer scorer = detector == null ? null : loadDetector(model);
    StudyStore store = StudyStore.open(db);
    SameGanServer server = null;
    Thread hook = null;
    boolean interrupted = false;
    try {
      Study study = new Study(store, realImages, model, model.modelName(), settings);
      server =
          SameGanServer.builder(model)
              .study(study)
              .scorer(scorer)
              .host(host)
              .port(port)
              .maxUploadBytes(maxUploadMb * 1024L * 1024L)
              .build()
              .start();
      SameGanServer running = server;
      hook =
          new Thread(
              () -> {
                running.close();
                store.close();
              },
              "samegan-serve-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      if (!isLoopback(host)) {
        out.println(
            "Warning: listening on "
                + host
                + ", not on loopback: anyone who can reach this machine can"
                + " take the study and read its results.");
      }
      out.printf("Serving %s (step %d) at %s/%n", model.modelName(), model.step(), server.url());
      out.printf(
          "  study: %s/study   results: %s/study/results   API: %s/api/health%n",
          server.url(), server.url(), server.url());
      out.printf(
          "  real images: %s (%d)   answers: %s   detector: %s%n",
          realImages.name(),
          realImages.size(),
          db.toAbsolutePath(),
          scorer == null ? "none" : scorer.describe());
      out.println("Press Ctrl-C to stop.");
      out.flush();
      new CountDownLatch(1).await();
      return 0;
    } catch (InterruptedException e) {
      interrupted =
          true; // stopped by the embedding program; restore the flag once the server is down
      return 0;
    } finally {
      if (server != null) {
        server.close();
      }
      store.close();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook runs anyway.
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ImageScorer loadDetector(ServedModel model) throws java.io.IOException {
    if (detector.equals("discriminator")) {
      return new DiscriminatorScorer(
          model.gan(), "discriminator of " + model.modelName() + " (step " + model.step() + ")");
    }
    if (DetectorFiles.isDetector(Path.of(detector))) {
      return new DetectorScorer(DetectorFiles.load(Path.of(detector)), Path.of(detector));
    }
    ServedModel other = ServedModel.load(Path.of(detector));
    return new DiscriminatorScorer(
        other.gan(),
        "discriminator of "
            + other.modelName()
            + " (step "
            + other.step()
            + ", "
            + other.file().getFileName()
            + ")");
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
