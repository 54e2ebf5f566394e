package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.gan.TinyGan;
import io.github.samegan.core.ImageShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Models from outside SameGAN: {@link TinyGan} is listed only in this module's test resources
 * ({@code META-INF/services/io.github.samegan.models.ModelProvider}), and registries are immutable
 * values composed with a builder.
 */
class ModelRegistryTest {
  static final List<String> BUILT_INS =
      List.of(
          "dcgan",
          "resnet-sngan",
          "resnet-sngan-small",
          "resnet-sngan-attn",
          "resnet-sngan-small-attn",
          "resnet-sngan-attn-g-nosn",
          "resnet-sngan-small-attn-g-nosn",
          "cdcgan",
          "cdcgan-cbn",
          "acgan",
          "infogan",
          "cresnet-sngan",
          "cresnet-sngan-cbn",
          "biggan",
          "biggan-small",
          "ebgan",
          "began",
          "mlp");

  @Test
  void standardRegistryHoldsTheBuiltInsAndFindsProvidersThroughServiceLoader() {
    ModelRegistry standard = ModelRegistry.standard();
    assertThat(ModelRegistry.builder().addBuiltIns().build().names())
        .containsExactlyElementsOf(BUILT_INS);
    assertThat(standard.names()).startsWith(BUILT_INS.toArray(String[]::new)).endsWith("tiny");
    assertThat(ModelRegistry.standard()).isSameAs(standard);
    Architecture tiny = ModelRegistry.create("TINY", ImageShape.gray(8));
    assertThat(tiny.generator().outputShape()).isEqualTo(ImageShape.gray(8));
    assertThat(standard.entry("tiny").isConditional()).isFalse();
  }

  @Test
  void registriesAreImmutableAndComposedWithABuilder() {
    ModelRegistry custom =
        ModelRegistry.builder()
            .addAll(new TinyGan().models())
            .add(
                ModelRegistry.Entry.conditional(
                    "c-tiny", "conditional stand-in", (s, k) -> TinyGan.build(s)))
            .build();
    assertThat(custom.names()).containsExactly("tiny", "c-tiny");
    assertThat(custom.architecture("c-tiny", ImageShape.gray(8), 3)).isNotNull();
    assertThatThrownBy(() -> custom.architecture("tiny", ImageShape.gray(8), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conditional models: c-tiny");
    assertThatThrownBy(() -> custom.entry("dcgan"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known models: tiny, c-tiny");
    assertThatThrownBy(() -> custom.entries().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(ModelRegistry.standard().names()).doesNotContain("c-tiny");
    assertThat(ModelRegistry.builder().addDiscovered(getClass().getClassLoader()).build().names())
        .containsExactly("tiny");
  }

  @Test
  void duplicateNamesAreRefused() {
    ModelRegistry.Builder b = ModelRegistry.builder().addBuiltIns();
    assertThatThrownBy(() -> b.add(new ModelRegistry.Entry("DCGAN", "another", TinyGan::build)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'DCGAN' is registered twice");
  }

  @Test
  void conceptsPageShowsTheExampleModelPluginVerbatim() throws Exception {
    String doc =
        Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/concepts.md"));
    int h = doc.indexOf("\n## Add a model\n");
    assertThat(h).isPositive();
    int b = doc.indexOf("```java\n", h) + "```java\n".length();
    String file = Files.readString(Path.of("src/test/java/com/example/gan/TinyGan.java"));
    String region =
        file.substring(
            file.indexOf("// concepts.md:begin\n") + "// concepts.md:begin\n".length(),
            file.indexOf("// concepts.md:end"));
    assertThat(doc.substring(b, doc.indexOf("```", b)).strip()).isEqualTo(region.strip());
    assertThat(doc.substring(h)).contains("`com.example.gan.TinyGan`");
  }
}
