package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.samegan.data.npy.NpyReader;
import io.github.samegan.examples.runs.Conditioning;
import io.github.samegan.examples.serve.SameGanServer;
import io.github.samegan.examples.serve.ServeFixture;
import io.github.samegan.examples.serve.ServedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samegan sample} and {@code samegan serve} name an InfoGAN's latent codes as codes, not as
 * classes: {@code --code}/{@code --per-code}, {@code --continuous}, {@code code_K} folders and a
 * record with {@code codes}; {@code code=} and {@code continuous=} in the HTTP API.
 */
class InfoGanCodesCliTest {
  @TempDir static Path dir;
  private static Path run;

  @BeforeAll
  static void trainAnInfoGanWithTwoContinuousCodes() {
    run = dir.resolve("info");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--model",
            "infogan",
            "--info-continuous",
            "2",
            "--steps",
            "1",
            "--batch",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void sampleTakesCodesAndContinuousValuesAndRefusesClasses() throws Exception {
    Path grid = dir.resolve("codes.png");
    CliTest.Result s =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--per-code",
            "2",
            "--continuous",
            "1.5,-1",
            "--out",
            grid.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("Wrote 20 samples").contains("one row per code");
    assertThat(Files.size(grid)).isPositive();

    CliTest.Result asClass =
        CliTest.run("sample", "--checkpoint", run.toString(), "--class", "3", "--out", "x.png");
    assertThat(asClass.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(asClass.err()).contains("latent code").contains("--code");
    CliTest.Result badCode =
        CliTest.run("sample", "--checkpoint", run.toString(), "--code", "10", "--out", "x.png");
    assertThat(badCode.err()).contains("--code must be in [0, 10)");
    CliTest.Result badContinuous =
        CliTest.run(
            "sample", "--checkpoint", run.toString(), "--continuous", "1", "--out", "x.png");
    assertThat(badContinuous.err()).contains("--continuous needs 2 comma-separated values");

    // a folder per code value, a record that speaks of codes, the continuous codes as given
    Path folder = dir.resolve("export");
    CliTest.Result e =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--format",
            "png-dir",
            "--per-code",
            "1",
            "--continuous",
            "0.25,-2",
            "--save-latents",
            "--out",
            folder.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(folder.resolve("code_0")).isDirectory();
    assertThat(folder.resolve("code_9")).isDirectory();
    assertThat(folder.resolve("class_0")).doesNotExist();
    JsonNode record = new ObjectMapper().readTree(dir.resolve("export.json").toFile());
    assertThat(record.get("num_codes").asInt()).isEqualTo(10);
    assertThat(record.get("continuous_codes").asInt()).isEqualTo(2);
    assertThat(record.get("codes").asText()).contains("code");
    assertThat(record.has("classes")).isFalse();
    try (NpyReader latents = NpyReader.open(dir.resolve("export.latents.npy"))) {
      float[] z = new float[10 * 128];
      latents.readFloats(z, 0, z.length);
      for (int i = 0; i < 10; i++) {
        assertThat(z[i * 128]).isEqualTo(0.25f);
        assertThat(z[i * 128 + 1]).isEqualTo(-2f);
        assertThat(z[i * 128 + 2]).isNotEqualTo(z[(i + 1) % 10 * 128 + 2]);
      }
    }
  }

  @Test
  void serveTakesCodeAndContinuousParametersAndDescribesTheCodes() throws Exception {
    ServedModel model = ServedModel.load(run);
    assertThat(model.conditional()).isFalse();
    assertThat(model.conditioning().kind()).isEqualTo(Conditioning.Kind.CODE);
    SameGanServer server = SameGanServer.builder(model).port(0).build().start();
    try {
      JsonNode info = ServeFixture.get(server.url() + "/api/model").json();
      assertThat(info.get("codes")).hasSize(10);
      assertThat(info.get("classes")).isEmpty();
      assertThat(info.get("continuousCodes").asInt()).isEqualTo(2);
      String url = server.url() + "/api/generate?n=4&seed=7&code=";
      ServeFixture.Response a = ServeFixture.get(url + "3");
      assertThat(a.status()).as(a.text()).isEqualTo(200);
      assertThat(ServeFixture.get(url + "3").body()).isEqualTo(a.body());
      ServeFixture.Response moved = ServeFixture.get(url + "3&continuous=2,-2");
      assertThat(moved.status()).as(moved.text()).isEqualTo(200);
      assertThat(moved.body()).isNotEqualTo(a.body());
      ServeFixture.Response asClass = ServeFixture.get(server.url() + "/api/generate?n=4&class=3");
      assertThat(asClass.status()).isEqualTo(400);
      assertThat(asClass.json().get("error").asText()).contains("use code=3");
      ServeFixture.Response unknown = ServeFixture.get(url + "10");
      assertThat(unknown.json().get("error").asText()).contains("Unknown code '10'");
      ServeFixture.Response badContinuous = ServeFixture.get(url + "1&continuous=x,1");
      assertThat(badContinuous.status()).isEqualTo(400);
      assertThat(badContinuous.json().get("error").asText()).contains("finite numbers");
    } finally {
      server.close();
    }
  }
}
