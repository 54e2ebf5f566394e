package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.report.ReportTest;
import io.github.samegan.examples.testing.Prerequisite;
import io.github.samegan.examples.testing.RequiresChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A run report opened from disk in headless Chromium (offline: file:// URL, network disabled):
 * every image loads, the sections are there, and a full-page screenshot goes to {@code
 * target/report-screenshot.png}. Needs Debian's Chromium (left to CI where it is missing).
 */
@RequiresChromium
class ReportBrowserTest {
  static final Path CHROMIUM = Prerequisite.chromium();
  static final Path CHROMEDRIVER = Prerequisite.chromedriver();

  @Test
  void theReportOpensOfflineWithEveryImageLoaded(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    ReportTest.copy(ReportTest.trainedRun(), run);
    Files.writeString(
        run.resolve("eval.csv"),
        "step,fd,kid_mean,kid_std\n0,410.0,0.52,0.02\n3,330.0,0.40,0.02\n" + "6,290.0,0.33,0.03\n");
    CliTest.Result r = CliTest.run("report", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path html = run.resolve("report.html");

    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        "--window-size=1200,1000",
        "--proxy-server=127.0.0.1:9",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    WebDriver driver = new ChromeDriver(service, options);
    try {
      driver.get(html.toUri().toString());
      JavascriptExecutor js = (JavascriptExecutor) driver;
      new WebDriverWait(driver, Duration.ofSeconds(15))
          .until(
              d ->
                  Boolean.TRUE.equals(
                      js.executeScript(
                          "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)")));
      assertThat(driver.getTitle()).isEqualTo("run — SameGAN training report");
      @SuppressWarnings("unchecked")
      List<Object> broken =
          (List<Object>)
              js.executeScript(
                  "return Array.from(document.images).filter(i => !(i.naturalWidth > 0)).map(i => i.alt)");
      assertThat(broken).as("images that did not load").isEmpty();
      long count = (Long) js.executeScript("return document.images.length");
      assertThat(count).isGreaterThanOrEqualTo(10);
      for (String id :
          List.of(
              "summary",
              "training",
              "evaluation",
              "schedule",
              "samples",
              "config",
              "environment")) {
        assertThat(driver.findElement(By.id(id)).isDisplayed()).as(id).isTrue();
      }
      // Charts are laid out at a readable size.
      long chartWidth =
          (Long) js.executeScript("return document.querySelector('#chart-losses img').clientWidth");
      assertThat(chartWidth).isGreaterThan(600);
      // Full-page screenshot.
      long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
      driver
          .manage()
          .window()
          .setSize(new org.openqa.selenium.Dimension(1200, (int) Math.min(height + 40, 12000)));
      Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Path target = Path.of("target", "report-screenshot.png");
      Files.createDirectories(target.getParent());
      Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(target)).isGreaterThan(20_000);
      var img = ImageIO.read(target.toFile());
      assertThat(img.getWidth()).isGreaterThan(1000);
      assertThat(img.getHeight()).isGreaterThan(2000);
      assertThat(distinctColours(img))
          .as("a screenshot with content, not a blank page")
          .isGreaterThan(500);
      Files.copy(
          html, Path.of("target", "report-example.html"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.quit();
    }
  }

  private static int distinctColours(java.awt.image.BufferedImage img) {
    java.util.Set<Integer> c = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        c.add(img.getRGB(x, y));
      }
    }
    return c.size();
  }
}
