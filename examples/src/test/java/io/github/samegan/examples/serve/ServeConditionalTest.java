package io.github.samegan.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.runs.TestRuns;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/generate?class=K on a conditional model: deterministic per (class, seed), unknown class →
 * 400.
 */
class ServeConditionalTest {

  @Test
  void generatesTheRequestedClassDeterministically(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("cond");
    TestRuns.in(run).model("cdcgan").loss("hinge").steps(1).batch(8).train();
    ServedModel model = ServedModel.load(run);
    assertThat(model.conditional()).isTrue();
    SameGanServer server = SameGanServer.builder(model).port(0).build().start();
    try {
      String url = server.url() + "/api/generate?n=4&seed=7&class=";
      ServeFixture.Response a = ServeFixture.get(url + "3");
      ServeFixture.Response b = ServeFixture.get(url + "3");
      ServeFixture.Response other = ServeFixture.get(url + "5");
      assertThat(a.status()).as(a.text()).isEqualTo(200);
      assertThat(a.header("Content-Type")).startsWith("image/png");
      assertThat(a.body()).isEqualTo(b.body());
      assertThat(other.body()).isNotEqualTo(a.body());
      ServeFixture.Response unknown = ServeFixture.get(url + "16");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.json().get("error").asText()).contains("Unknown class '16'");
    } finally {
      server.close();
    }
  }
}
