package io.github.samegan.data.registry;

import java.util.List;

/**
 * Contributes data sets to {@link DatasetRegistry#standard()} without editing SameGAN: implement it
 * in a public class with a public no-argument constructor and list the class's name in a file
 * {@code META-INF/services/io.github.samegan.data.registry.DatasetProvider} on the class path.
 * {@link java.util.ServiceLoader} finds it the first time the standard registry is used, and the
 * command line's {@code --dataset} then accepts its names.
 *
 * <pre>{@code
 * public final class MyDatasets implements DatasetProvider {
 *   public List<DatasetEntry> datasets() {
 *     return List.of(DatasetEntry.builder("my-photos", "My photos, 3x64x64", ImageInfo.rgb(64),
 *             r -> ImageFolderDataset.load(r.dataDir().resolve("my-photos"), ImageInfo.rgb(64)))
 *         .build());
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DatasetProvider {

  /**
   * Returns the data sets this provider contributes, in the order they should be listed.
   *
   * @return the entries; their names and aliases must not clash with any other registered set
   */
  List<DatasetEntry> datasets();
}
