package io.github.samegan.examples.cli;

import io.github.samegan.data.ImageDataset;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.serve.DetectorScorer;
import io.github.samegan.examples.serve.DiscriminatorScorer;
import io.github.samegan.examples.serve.ImageScorer;
import io.github.samegan.examples.serve.SameGanServer;
import io.github.samegan.examples.serve.ServeLimits;
import io.github.samegan.examples.serve.ServedModel;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
      "API: /api/generate, /api/detect, /api/model, /api/health. Study: /study (results at"
          + " /study/results, with the operator token printed at start).",
      "Limits per client and in all keep memory and disk bounded (--rate-limit ... --max-pixels).",
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

  @Option(
      names = "--operator-token-file",
      paramLabel = "FILE",
      description =
          "Read the token that the results need from FILE (its first line, 16+ characters of"
              + " letters, digits and - _ . ~ + / =); default: a random token, printed at start.")
  Path operatorTokenFile;

  @Option(
      names = "--rate-limit",
      defaultValue = "" + ServeLimits.DEFAULT_REQUESTS_PER_SECOND,
      paramLabel = "N",
      description =
          "Requests per second one client address may send, bursts of 2N; 0 = no limit"
              + " (default: ${DEFAULT-VALUE}; over it: 429).")
  int rateLimit;

  @Option(
      names = "--sessions-per-client",
      defaultValue = "" + ServeLimits.DEFAULT_SESSIONS_PER_CLIENT,
      paramLabel = "N",
      description =
          "Study sessions one client address may start per hour; 0 = no limit"
              + " (default: ${DEFAULT-VALUE}; over it: 429).")
  int sessionsPerClient;

  @Option(
      names = "--max-sessions",
      defaultValue = "" + ServeLimits.DEFAULT_MAX_SESSIONS,
      paramLabel = "N",
      description =
          "Sessions the study database may hold; then new ones are refused, answers still taken"
              + " (default: ${DEFAULT-VALUE}; over it: 503).")
  int maxSessions;

  @Option(
      names = "--max-db-mb",
      defaultValue = "" + ServeLimits.DEFAULT_MAX_DATABASE_BYTES / (1024 * 1024),
      paramLabel = "MB",
      description =
          "Size the study database may grow to with new sessions (answers are still taken)"
              + " (default: ${DEFAULT-VALUE}; over it: 503).")
  long maxDbMb;

  @Option(
      names = "--max-generations",
      defaultValue = "" + ServeLimits.DEFAULT_MAX_CONCURRENT_GENERATIONS,
      paramLabel = "N",
      description =
          "Requests that may generate images at once (/api/generate and new sessions), 1..64;"
              + " more are refused at once (default: ${DEFAULT-VALUE}; over it: 429).")
  int maxGenerations;

  @Option(
      names = "--max-images",
      defaultValue = "" + SameGanServer.MAX_GENERATE,
      paramLabel = "N",
      description =
          "Most images one /api/generate call may ask for, 1..256"
              + " (default: ${DEFAULT-VALUE}; over it: 413).")
  int maxImages;

  @Option(
      names = "--max-pixels",
      defaultValue = "" + ServeLimits.DEFAULT_MAX_PIXELS_PER_REQUEST,
      paramLabel = "N",
      description =
          "Most pixels (after scale) one /api/generate response may hold"
              + " (default: ${DEFAULT-VALUE}; over it: 413).")
  long maxPixels;

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
    if (maxDbMb < 1 || maxDbMb > 1024L * 1024) {
      throw new IllegalArgumentException("--max-db-mb must be in [1, 1048576], found " + maxDbMb);
    }
    ServeLimits limits =
        new ServeLimits(
            rateLimit,
            sessionsPerClient,
            maxSessions,
            maxDbMb * 1024 * 1024,
            maxGenerations,
            maxImages,
            maxPixels);
    String token = operatorTokenFile == null ? null : readToken(operatorTokenFile);
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
      SameGanServer.Builder builder =
          SameGanServer.builder(model)
              .study(study)
              .scorer(scorer)
              .host(host)
              .port(port)
              .maxUploadBytes(maxUploadMb * 1024L * 1024L)
              .limits(limits);
      if (token != null) {
        builder.operatorToken(token);
      }
      server = builder.build().start();
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
                + " take the study (its results need the operator token).");
      }
      out.printf("Serving %s (step %d) at %s/%n", model.modelName(), model.step(), server.url());
      out.printf("  study: %s/study   API: %s/api/health%n", server.url(), server.url());
      out.printf(
          "  results (operator only, keep this link to yourself): %s/study/results#token=%s%n",
          server.url(), server.operatorToken());
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

  /** The operator token in the first line of {@code file}. */
  private static String readToken(Path file) throws java.io.IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--operator-token-file " + file + " is not a file");
    }
    if (Files.size(file) > 4096) {
      throw new IllegalArgumentException(
          "--operator-token-file "
              + file
              + " has "
              + Files.size(file)
              + " bytes; it should hold one line with the token");
    }
    String first =
        Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    if (!first.matches("[A-Za-z0-9._~+/=-]{16,200}")) {
      throw new IllegalArgumentException(
          "--operator-token-file "
              + file
              + ": its first line must be the token, 16 to 200 characters of letters, digits"
              + " and - _ . ~ + / = (found "
              + first.length()
              + " characters)");
    }
    return first;
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
