package io.github.samegan.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import io.github.samegan.examples.testing.Prerequisite;
import io.github.samegan.examples.testing.RequiresChromium;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The study taken end to end by a person's browser (headless Debian Chromium through chromedriver):
 * open the page, answer every trial with clicks and the keyboard, see the score, and find the
 * answers on the results page (with the operator token; without it the page shows none) and in the
 * database. Screenshots go to {@code target/study-*.png}. Needs Debian's Chromium (left to CI where
 * it is missing).
 */
@RequiresChromium
class StudyBrowserTest {
  static final Path CHROMIUM = Prerequisite.chromium();
  static final Path CHROMEDRIVER = Prerequisite.chromedriver();
  @TempDir static Path dir;
  static ServeFixture.Running server;
  static WebDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() {
    server =
        ServeFixture.start(
            dir.resolve("browser.sqlite"), new StudySettings(StudyMode.SINGLE, 6, 0), null);
    // Never let Selenium Manager look for (or download) a driver or a browser.
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
        "--window-size=1100,1000",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aParticipantAnswersEverySingleImageTrialAndSeesTheirScore() throws Exception {
    driver.get(server.url("/study"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("start")));
    assertThat(driver.getTitle()).contains("Real or generated");
    wait.until(
        ExpectedConditions.textToBe(
            By.id("fact-trials"), "6")); // the server's default, fetched by the page
    screenshot("study-intro.png");
    driver.findElement(By.id("participant")).sendKeys("browser-1");
    driver.findElement(By.id("start")).click();

    String[] choices = {"r", "f", "click-real", "click-fake", "r", "f"};
    for (int t = 0; t < 6; t++) {
      awaitTrial(t, 6);
      assertThat(driver.findElement(By.id("single-answers")).isDisplayed()).isTrue();
      assertThat(driver.findElement(By.id("pair-answers")).isDisplayed()).isFalse();
      String src = driver.findElement(By.id("img-0")).getAttribute("src");
      assertThat(src).matches(".*/study/img/[A-Za-z0-9_-]{22}");
      if (t == 2) {
        screenshot("study-trial.png");
      }
      switch (choices[t]) {
        case "click-real" -> driver.findElement(By.id("btn-real")).click();
        case "click-fake" -> driver.findElement(By.id("btn-fake")).click();
        default -> new Actions(driver).sendKeys(choices[t]).perform();
      }
    }
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("done")));
    String score = text("score");
    assertThat(score).matches("\\d / 6");
    assertThat(text("score-text")).contains("of 6 trials correctly");
    assertThat(text("score-detail"))
        .contains("real images recognised")
        .contains("generated images spotted");
    screenshot("study-score.png");

    List<StudyStore.AnswerRow> stored = answersOf("browser-1");
    assertThat(stored)
        .extracting(StudyStore.AnswerRow::answer)
        .containsExactly("real", "fake", "real", "fake", "real", "fake");
    long correct = stored.stream().filter(StudyStore.AnswerRow::correct).count();
    assertThat(score).isEqualTo(correct + " / 6");
    assertThat(stored).allMatch(a -> a.responseMs() != null && a.responseMs() >= 0);

    // Without the operator token the results page shows nothing but how to get it.
    driver.get(server.url("/study/results"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("results-error")));
    assertThat(text("results-error")).contains("operator").contains("#token=");
    assertThat(driver.findElement(By.id("sessions")).getText()).doesNotContain("browser-1");

    driver.get(server.url("/study/results#token=" + server.server().operatorToken()));
    driver.navigate().refresh(); // the same page with only a new fragment is not loaded again
    WebElement table =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#section-participant table")));
    WebElement row =
        table.findElements(By.cssSelector("tbody tr")).stream()
            .filter(r -> r.getText().contains("browser-1"))
            .findFirst()
            .orElseThrow();
    assertThat(row.getText()).contains(correct + " / 6");
    assertThat(text("summary")).contains("answers");
    assertThat(driver.findElement(By.id("sessions")).getText())
        .contains("browser-1")
        .contains("6 / 6");
    screenshot("study-results.png");
  }

  @Test
  void pairsWithAnExposureLimitCanBeAnsweredWithArrowKeysAndResumedAfterAReload() throws Exception {
    driver.get(server.url("/study?mode=pair&trials=4&exposure=1000"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("start")));
    assertThat(text("fact-mode")).contains("two images");
    assertThat(text("fact-exposure")).contains("1 s");
    driver.findElement(By.id("participant")).sendKeys("browser-pair");
    driver.findElement(By.id("start")).click();

    awaitTrial(0, 4);
    assertThat(driver.findElement(By.id("frame-1")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("img-1")).getAttribute("src"))
        .matches(".*/study/img/[A-Za-z0-9_-]{22}");
    assertThat(driver.findElement(By.id("pair-answers")).isDisplayed()).isTrue();
    screenshot("study-pair.png");
    // The images are hidden once the exposure time is over; answering still works.
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#frame-0 .mask")));
    assertThat(driver.findElement(By.cssSelector("#frame-1 .mask")).isDisplayed()).isTrue();
    new Actions(driver).sendKeys(Keys.ARROW_LEFT).perform();
    awaitTrial(1, 4);
    new Actions(driver).sendKeys(Keys.ARROW_RIGHT).perform();
    awaitTrial(2, 4);

    // The participant reloads the page: the unfinished session is offered and resumes at trial 3.
    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("resume")));
    assertThat(text("resume-where")).isEqualTo("trial 3 of 4");
    driver.findElement(By.id("resume-btn")).click();
    awaitTrial(2, 4);
    driver.findElement(By.id("btn-left")).click();
    awaitTrial(3, 4);
    driver.findElement(By.id("btn-right")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("done")));
    assertThat(text("score")).matches("\\d / 4");

    List<StudyStore.AnswerRow> stored = answersOf("browser-pair");
    assertThat(stored)
        .extracting(StudyStore.AnswerRow::answer)
        .containsExactly("left", "right", "left", "right");
    assertThat(stored).extracting(StudyStore.AnswerRow::truth).containsOnly("pair");
    assertThat(text("score"))
        .isEqualTo(stored.stream().filter(StudyStore.AnswerRow::correct).count() + " / 4");
  }

  private static void awaitTrial(int index, int of) {
    wait.until(
        ExpectedConditions.textToBe(By.id("progress-text"), "Trial " + (index + 1) + " of " + of));
    wait.until(
        d ->
            d.findElement(By.id("btn-real"))
                .isEnabled()); // all answer buttons are enabled together
    wait.until(
        d ->
            d.findElement(By.id("img-0")).getAttribute("class").contains("shown")
                || d.findElement(By.cssSelector("#frame-0 .mask")).isDisplayed());
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static List<StudyStore.AnswerRow> answersOf(String participant) {
    return server.store().answers().stream()
        .filter(a -> a.participant().equals(participant))
        .toList();
  }

  private static void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
