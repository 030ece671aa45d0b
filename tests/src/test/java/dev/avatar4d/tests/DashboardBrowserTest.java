package dev.avatar4d.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the whole running system: the jobs page follows
 * a job live to SUCCEEDED without reloading, the detail page shows its outputs and turns the orbit
 * viewer, and a long job is canceled from the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private RunningSystem system;
  private ChromeDriverService driverService;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser test skipped: needs Debian's /usr/bin/chromium and /usr/bin/chromedriver"
            + " (apt-get install chromium chromium-driver)");
    system = RunningSystem.start(RunningSystem.freshHome("dashboard"), 1);
    // An explicit driver and browser binary: Selenium Manager never runs, so nothing is downloaded.
    driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-dev-shm-usage", "--window-size=1400,1100");
    browser = new ChromeDriver(driverService, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (driverService != null) {
      driverService.stop();
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void aJobMovesToSucceededLiveAndItsPageShowsTheOutputsAndTurnsTheOrbit() throws Exception {
    openJobsPage();
    recordStatesOfEveryRow();

    String id = submit("{\"views\":[\"orbit:3\"],\"model\":\"lite\",\"resolution\":128,"
        + "\"formats\":[\"png\",\"mp4\",\"depth\"],\"fps\":6}", SampleJob.driving(2));
    By row = By.cssSelector("tr[data-job-id='" + id + "']");
    waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(row));
    waitUpTo(Duration.ofMinutes(5)).until(d -> "SUCCEEDED".equals(d.findElement(row).getAttribute("data-state")));

    assertThat(js("return window.__marker")).as("the page was never reloaded").isEqualTo(1L);
    assertThat(js("return performance.getEntriesByType('navigation').length")).isEqualTo(1L);
    @SuppressWarnings("unchecked")
    List<String> seen = new ArrayList<>((List<String>) js("return window.__states[arguments[0]] || []", id));
    assertThat(seen).as("states the row showed").endsWith("SUCCEEDED");
    assertThat(seen).as("states the row showed").containsAnyOf("QUEUED", "RUNNING");
    assertThat(js("return document.querySelector(arguments[0]).innerText", rowSelector(id)).toString())
        .contains("3 × 2", "lite", "worker-1");
    screenshot("1-jobs-succeeded");

    // The table re-renders rows as the stream and its clock tick, so elements are looked up afresh.
    waitUpTo(Duration.ofSeconds(10)).until(d -> {
      d.findElement(row).findElement(By.tagName("a")).click();
      return true;
    });
    waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("orbit-image")));
    waitUpTo(Duration.ofSeconds(30)).until(d -> (Boolean) js(
        "return [...document.querySelectorAll('#frames img, #orbit-image')]"
            + ".every(i => i.complete && i.naturalWidth > 0)"));
    assertThat(browser.findElements(By.cssSelector("#frames img.rgb"))).hasSize(3 * 2);
    assertThat(browser.findElements(By.cssSelector("#frames img.depth"))).hasSize(3 * 2);
    assertThat(browser.findElements(By.cssSelector("#videos video"))).hasSize(3);
    assertThat(browser.findElements(By.cssSelector("#downloads a"))).hasSize(3 * 2 * 2 + 3);

    WebElement orbit = browser.findElement(By.id("orbit-image"));
    String before = orbit.getAttribute("data-view");
    assertThat(before).isEqualTo("orbit01");
    new Actions(browser).clickAndHold(orbit).moveByOffset(60, 0).release().perform();
    String dragged = orbit.getAttribute("data-view");
    assertThat(dragged).as("view after dragging right").isNotEqualTo(before);
    waitUpTo(Duration.ofSeconds(10)).until(d -> (Boolean) js(
        "const i = document.getElementById('orbit-image'); return i.complete && i.naturalWidth > 0"));
    orbit.sendKeys(Keys.ARROW_RIGHT);
    assertThat(orbit.getAttribute("data-view")).as("view after the right arrow key").isNotEqualTo(dragged);
    screenshot("2-job-detail");
    js("document.getElementById('frames-section').scrollIntoView()");
    screenshot("3-job-detail-frames");
  }

  @Test
  @Order(2)
  void aLongJobIsCanceledFromTheJobsPage() throws Exception {
    openJobsPage();
    List<JobClient.Upload> driving = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      driving.addAll(SampleJob.driving(SampleJob.DRIVING_FRAMES));
    }
    String id = submit("{\"views\":[\"orbit:24\"],\"model\":\"lite\",\"resolution\":256}", driving);
    By row = By.cssSelector("tr[data-job-id='" + id + "']");
    By cancelButton = By.cssSelector("tr[data-job-id='" + id + "'] button");
    waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(cancelButton));
    String label = waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(cancelButton).getAttribute("aria-label"));
    assertThat(label).startsWith("Cancel job");
    screenshot("4-jobs-long-job");
    // Rows are redrawn as progress arrives; retry a click that hit a row just replaced.
    waitUpTo(Duration.ofSeconds(20)).until(d -> {
      d.findElement(cancelButton).click();
      return true;
    });
    waitUpTo(Duration.ofSeconds(20)).until(d -> "CANCELED".equals(d.findElement(row).getAttribute("data-state")));
    assertThat(browser.findElements(cancelButton)).isEmpty();
    assertThat(system.client.get(id).body().path("state").asText()).isEqualTo("CANCELED");
    assertThat(js("return window.__marker")).isEqualTo(1L);
    screenshot("5-jobs-canceled");

    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("state-filter"))).selectByValue("SUCCEEDED");
    waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.invisibilityOfElementLocated(row));
    @SuppressWarnings("unchecked")
    List<String> shownStates =
        (List<String>) js("return [...document.querySelectorAll('#jobs tbody tr')].map(tr => tr.dataset.state)");
    assertThat(shownStates).isNotEmpty().allSatisfy(s -> assertThat(s).isEqualTo("SUCCEEDED"));
    screenshot("6-jobs-filtered");
  }

  private void openJobsPage() {
    browser.get(system.base + "/");
    waitUpTo(Duration.ofSeconds(20)).until(d -> "live".equals(
        d.findElement(By.id("live")).getAttribute("data-status")));
    js("window.__marker = 1");
  }

  /** Keeps, per job id, every state its row showed, to prove the row changed in place. */
  private void recordStatesOfEveryRow() {
    js("window.__states = {};"
        + "const note = () => document.querySelectorAll('#jobs tbody tr').forEach(tr => {"
        + "  const s = (window.__states[tr.dataset.jobId] ||= []);"
        + "  if (s[s.length - 1] !== tr.dataset.state) s.push(tr.dataset.state); });"
        + "new MutationObserver(note).observe(document.querySelector('#jobs tbody'),"
        + "  {childList: true, subtree: true, attributes: true});");
  }

  private String submit(String options, List<JobClient.Upload> driving) throws Exception {
    JobClient.Answer answer = system.client.submit(SampleJob.source(), driving, options);
    assertThat(answer.status()).as("submit: %s", answer.body()).isEqualTo(202);
    JsonNode body = answer.body();
    return body.path("id").asText();
  }

  private WebDriverWait waitUpTo(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(100));
    // Rows are replaced when their job changes; a stale reference just means "look again".
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private void screenshot(String name) throws Exception {
    Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String rowSelector(String jobId) {
    return "tr[data-job-id='" + jobId + "']";
  }
}
