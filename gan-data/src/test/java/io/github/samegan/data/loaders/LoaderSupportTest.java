package io.github.samegan.data.loaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.DatasetFormatException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LoaderSupportTest {

  @Test
  void pixelsTheHeapCannotGiveAreAFormatErrorNotAnOutOfMemoryError() {
    long heap = Runtime.getRuntime().maxMemory();
    Assumptions.assumeTrue(heap < 2_200_000_000L, "needs the build's -Xmx2g");
    // Within one array and (nearly) the whole heap: refused up front or when the allocation fails.
    assertThatThrownBy(
            () -> LoaderSupport.allocate("test file /x (1 image)", 2_140_000_000L, "load less"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(
            "test file /x (1 image) needs 2140000000 bytes of pixels, more than this JVM's")
        .hasMessageContaining("-Xmx")
        .hasMessageContaining("load less");
    assertThat(LoaderSupport.allocate("small", 1000, "none")).hasSize(1000);
  }

  @Test
  void pixelsBeyondTheLargestArrayAreRefusedWhateverTheHeap() {
    assertThatThrownBy(
            () ->
                LoaderSupport.checkMemory(
                    "big file", LoaderSupport.MAX_ARRAY_BYTES + 1, "load less"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(
            "big file needs 2147483640 bytes of pixels, more than the limit of 2147483639 bytes")
        .hasMessageContaining("load less");
  }
}
