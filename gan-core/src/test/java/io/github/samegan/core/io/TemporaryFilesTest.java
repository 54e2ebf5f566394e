package io.github.samegan.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class TemporaryFilesTest {

  @Test
  void temporariesAreNewFilesWithTheDefaultPermissionsNotOwnerOnly(@TempDir Path dir)
      throws Exception {
    Path a = TemporaryFiles.createIn(dir, ".x.ckpt.", ".tmp");
    Path b = TemporaryFiles.createIn(dir, ".x.ckpt.", ".tmp");
    assertThat(a).isNotEqualTo(b).isEmptyFile();
    assertThat(a.getFileName().toString()).matches("\\.x\\.ckpt\\.[0-9]+\\.tmp");
    Path plain = Files.createFile(dir.resolve("plain"));
    assertThat(Files.getPosixFilePermissions(a))
        .isEqualTo(Files.getPosixFilePermissions(plain))
        .isNotEqualTo(Files.getPosixFilePermissions(Files.createTempFile(dir, "jdk", ".tmp")));
  }

  @Test
  void sampleGridsAreReadableLikeOtherNewFiles(@TempDir Path dir) throws Exception {
    Path grid = dir.resolve("grid.png");
    ImageGrid.write(Nd4j.zeros(2, 3, 4, 4), 2, 1, grid);
    assertThat(Files.getPosixFilePermissions(grid))
        .isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))))
        .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }
}
