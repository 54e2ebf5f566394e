package io.github.samegan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What publishing SameGAN on Maven Central relies on, read from the poms: the BOM manages exactly
 * the published modules at the build's version, every jar names its module, the applications and
 * tests are never deployed, and the metadata Central asks for is there.
 */
class PublishingTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String GROUP = "io.github.samegan";

  private static Element pom(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    Document d = f.newDocumentBuilder().parse(file.toFile());
    return d.getDocumentElement();
  }

  private static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  private static Element child(Element e, String path) {
    Element cur = e;
    for (String name : path.split("/")) {
      List<Element> c = children(cur, name);
      if (c.isEmpty()) {
        return null;
      }
      cur = c.get(0);
    }
    return cur;
  }

  private static String text(Element e, String path) {
    Element c = child(e, path);
    return c == null ? null : c.getTextContent().strip();
  }

  /** The root pom's modules by folder. */
  private static Map<String, Element> modules() throws Exception {
    Map<String, Element> m = new LinkedHashMap<>();
    for (Element mod : children(child(pom(ROOT.resolve("pom.xml")), "modules"), "module")) {
      String dir = mod.getTextContent().strip();
      m.put(dir, pom(ROOT.resolve(dir).resolve("pom.xml")));
    }
    return m;
  }

  private static boolean deployed(Element pom) {
    return !"true".equals(text(pom, "properties/maven.deploy.skip"));
  }

  @Test
  void theBomManagesExactlyThePublishedModulesAtTheBuildsVersion() throws Exception {
    Element root = pom(ROOT.resolve("pom.xml"));
    Map<String, Element> modules = modules();
    Element bom = modules.remove("bom");
    assertThat(bom).as("bom module").isNotNull();
    assertThat(child(bom, "parent")).as("the BOM inherits no third-party pins").isNull();
    assertThat(text(bom, "groupId")).isEqualTo(GROUP);
    assertThat(text(bom, "artifactId")).isEqualTo("samegan-bom");
    assertThat(text(bom, "version")).isEqualTo(text(root, "version"));

    Set<String> published = new HashSet<>();
    for (Element m : modules.values()) {
      if (deployed(m)) {
        published.add(text(m, "artifactId"));
      }
    }
    assertThat(published)
        .containsExactlyInAnyOrder(
            "gan-core",
            "gan-losses",
            "gan-models",
            "gan-data",
            "gan-eval",
            "gan-detect",
            "gan-spark");
    Set<String> managed = new HashSet<>();
    for (Element d : children(child(bom, "dependencyManagement/dependencies"), "dependency")) {
      assertThat(text(d, "groupId")).isEqualTo(GROUP);
      assertThat(text(d, "version")).isEqualTo("${project.version}");
      managed.add(text(d, "artifactId"));
    }
    assertThat(managed).isEqualTo(published);
  }

  @Test
  void everyJarNamesItsModuleAndTheApplicationsAreNeverDeployed() throws Exception {
    Map<String, Element> modules = modules();
    modules.remove("bom");
    Set<String> names = new HashSet<>();
    for (Map.Entry<String, Element> m : modules.entrySet()) {
      String name = text(m.getValue(), "properties/samegan.module.name");
      assertThat(name)
          .as(m.getKey() + " samegan.module.name")
          .matches("io\\.github\\.samegan\\.[a-z]+");
      assertThat(names.add(name)).as("unique module name " + name).isTrue();
      assertThat(text(m.getValue(), "description")).as(m.getKey() + " description").isNotBlank();
    }
    for (String app : List.of("examples", "benchmarks", "architecture")) {
      assertThat(deployed(modules.get(app))).as(app + " deployed").isFalse();
    }
    assertThat(text(modules.get("examples"), "artifactId")).isEqualTo("samegan-examples");
    assertThat(text(modules.get("benchmarks"), "artifactId")).isEqualTo("samegan-benchmarks");
    // The Central Portal plugin does not read maven.deploy.skip: it lists them itself.
    String root = Files.readString(ROOT.resolve("pom.xml"));
    for (String app : List.of("samegan-examples", "samegan-benchmarks", "architecture-tests")) {
      assertThat(root).contains("<artifact>" + app + "</artifact>");
    }
    assertThat(root)
        .contains("<Automatic-Module-Name>${samegan.module.name}</Automatic-Module-Name>");
  }

  @Test
  void thePomsCarryWhatMavenCentralAsksFor() throws Exception {
    for (Path p : List.of(ROOT.resolve("pom.xml"), ROOT.resolve("bom/pom.xml"))) {
      Element pom = pom(p);
      assertThat(text(pom, "url")).as(p + " url").startsWith("https://");
      assertThat(text(pom, "description")).as(p + " description").isNotBlank();
      assertThat(text(pom, "licenses/license/name")).as(p + " license").isEqualTo("Apache-2.0");
      assertThat(text(pom, "developers/developer/name")).as(p + " developer").isNotBlank();
      assertThat(text(pom, "scm/connection")).as(p + " scm").startsWith("scm:git:");
      assertThat(text(pom, "scm/url")).as(p + " scm url").startsWith("https://");
    }
    assertThat(Files.readString(ROOT.resolve("LICENSE")))
        .contains("Apache License")
        .contains("Version 2.0, January 2004");
  }
}
