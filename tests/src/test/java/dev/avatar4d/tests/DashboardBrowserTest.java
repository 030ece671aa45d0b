package dev.avatar4d.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium against the whole running system (one worker): sign-in
 * with the launcher's link, a job submitted through the form followed live to SUCCEEDED, its page
 * with inputs, outputs, stretched depth maps and the orbit viewer, cancel and retry, the filters,
 * the system page, and a second tenant that sees only its own jobs. Screenshots of every page land
 * in {@code tests/target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  private static final String TINY =
      "{\"views\":[\"front\"],\"resolution\":64,\"formats\":[\"png\"]}";
  private static final String MISSING_SOURCE = "missing from the object store";
  private static final String MESH_JOB =
      "{\"views\":[\"front\"],\"resolution\":64,\"formats\":[\"png\",\"mesh\"]}";

  /**
   * Pixels of the mesh canvas unlike its background (#1b1f24), and all its pixels, read through a
   * 2D canvas; the viewer keeps its drawing buffer, so the last frame is there to read.
   */
  private static final String COUNT_DRAWN_PIXELS =
      "const c = document.getElementById('mesh-canvas');"
          + "const t = document.createElement('canvas'); t.width = c.width; t.height = c.height;"
          + "const g = t.getContext('2d'); g.drawImage(c, 0, 0);"
          + "const d = g.getImageData(0, 0, t.width, t.height).data; let n = 0;"
          + "for (let i = 0; i < d.length; i += 4) {"
          + "  if (Math.abs(d[i] - 0x1b) + Math.abs(d[i + 1] - 0x1f) + Math.abs(d[i + 2] - 0x24) > 24) n++; }"
          + "return [n, d.length / 4];";

  private RunningSystem system;
  private HeadlessChromium chromium;
  private ChromeDriver browser;
  private ObjectStore store;
  private Path source;
  private List<Path> driving;
  private String submittedJob;
  private String failedJob;
  private String failedJobSourceKey;
  private byte[] failedJobSource;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(
        HeadlessChromium.installed(),
        "browser test skipped: needs Debian's /usr/bin/chromium and /usr/bin/chromedriver"
            + " (apt-get install chromium chromium-driver)");
    system = RunningSystem.start(RunningSystem.freshHome("dashboard"), 1);
    chromium = HeadlessChromium.start();
    browser = chromium.driver;
    store = ObjectStore.connect(system.stack.storage());
    Path uploads = Files.createDirectories(Path.of("target", "uploads").toAbsolutePath());
    source = Files.write(uploads.resolve("source.png"), SampleJob.source().bytes());
    driving = new ArrayList<>();
    for (JobClient.Upload frame : SampleJob.driving(2)) {
      driving.add(Files.write(uploads.resolve(frame.fileName()), frame.bytes()));
    }
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (store != null) {
      store.close();
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void signingInWithTheLaunchersLinkOpensTheJobsPageAndKeepsTheKeyOutOfThePage() throws Exception {
    browser.get(system.base + "/");
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.urlContains("/login.html?next="));
    browser.findElement(By.id("api-key")).sendKeys("a4d_not_a_key");
    browser.findElement(By.id("sign-in")).click();
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-message"), "unknown or revoked"));
    chromium.screenshot("0-login-refused");

    browser.get(system.base + "/login.html#key=" + system.apiKey);
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("tenant"), "default"));
    assertThat(browser.getCurrentUrl()).isEqualTo(system.base + "/").doesNotContain(system.apiKey);
    assertThat(chromium.js("return document.cookie"))
        .as("the session cookie is HttpOnly")
        .asString()
        .doesNotContain(system.apiKey);
    assertThat(browser.findElement(By.id("sign-out")).isDisplayed()).isTrue();
  }

  @Test
  @Order(2)
  void aJobSubmittedThroughTheFormMovesFromQueuedToSucceededWithoutReloading() throws Exception {
    openJobsPage();
    recordStatesOfEveryRow();

    browser.findElement(By.cssSelector("#submit > summary")).click();
    browser.findElement(By.id("source")).sendKeys(source.toString());
    browser.findElement(By.id("driving")).sendKeys(driving.get(1) + "\n" + driving.get(0));
    chromium
        .waitUpTo(Duration.ofSeconds(5))
        .until(d -> d.findElements(By.cssSelector("#previews img")).size() == 3);
    browser.findElement(By.cssSelector("input[name='view'][value='front']")).click();
    browser.findElement(By.id("orbit-on")).click();
    WebElement orbitCount = browser.findElement(By.id("orbit-count"));
    orbitCount.clear();
    orbitCount.sendKeys("3");
    new Select(browser.findElement(By.id("resolution"))).selectByValue("64");
    WebElement fps = browser.findElement(By.id("fps"));
    fps.clear();
    fps.sendKeys("6");
    chromium.screenshot("1-submit-form");
    browser.findElement(By.id("submit-button")).click();

    chromium
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("submit-message"), "accepted"));
    submittedJob =
        chromium
            .waitUpTo(Duration.ofSeconds(5))
            .until(
                d ->
                    d.findElement(By.cssSelector("#jobs tr.highlight"))
                        .getAttribute("data-job-id"));
    By row = rowOf(submittedJob);
    chromium
        .waitUpTo(Duration.ofMinutes(5))
        .until(d -> "SUCCEEDED".equals(d.findElement(row).getAttribute("data-state")));

    assertThat(chromium.js("return window.__marker"))
        .as("the page was never reloaded")
        .isEqualTo(1L);
    assertThat(chromium.js("return performance.getEntriesByType('navigation').length"))
        .isEqualTo(1L);
    assertThat(statesShownBy(submittedJob))
        .as("states the row showed")
        .startsWith("QUEUED")
        .endsWith("SUCCEEDED");
    assertThat(browser.findElement(row).getText()).contains("3 × 2", "lite", "worker-1");
    assertThat(browser.findElement(row).getAttribute("class")).contains("highlight");
    JsonNode job = system.client.get(submittedJob).body();
    assertThat(job.path("options").path("resolution").asInt()).isEqualTo(64);
    assertThat(job.path("options").path("fps").asInt()).isEqualTo(6);
    assertThat(job.path("options").path("views").findValuesAsText("name"))
        .containsExactly("orbit00", "orbit01", "orbit02");
    chromium.screenshot("2-jobs-submitted-succeeded");
  }

  @Test
  @Order(3)
  void theJobPageShowsInputsOutputsStretchedDepthAndTurnsTheOrbitWhenDragged() throws Exception {
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d -> {
              d.findElement(rowOf(submittedJob)).findElement(By.tagName("a")).click();
              return true;
            });
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("orbit-image")));
    chromium
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            d ->
                (Boolean)
                    chromium.js(
                        "const imgs = [...document.querySelectorAll('#frames img.rgb, #orbit-image, #inputs img')];"
                            + "return imgs.length === 3 * 2 + 1 + 3 && imgs.every(i => i.complete && i.naturalWidth > 0)"));
    assertThat(browser.findElements(By.cssSelector("#inputs figcaption")).get(0).getText())
        .startsWith("source");
    assertThat(browser.findElements(By.cssSelector("#inputs figure"))).hasSize(3);
    assertThat(browser.findElements(By.cssSelector("#videos video"))).hasSize(3);
    assertThat(browser.findElement(By.id("timings")).getText())
        .as("the worker's time per stage, from the manifest")
        .contains("render")
        .matches(".*\\d+\\.\\d s.*");
    assertThat(browser.findElements(By.cssSelector("#crops figure")))
        .as("the aligned crops of the source and both driving frames")
        .hasSize(3);
    assertThat(browser.findElements(By.cssSelector("#crops svg.landmarks circle")))
        .as("68 landmarks drawn on each crop")
        .hasSize(3 * 68);
    assertThat(browser.findElement(By.cssSelector("#pose-chart svg.chart")).isDisplayed()).isTrue();
    assertThat(browser.findElements(By.cssSelector("#pose-chart svg.chart circle")))
        .as("yaw, pitch and roll of each driving frame")
        .hasSize(3 * 2);
    assertThat(browser.findElement(By.id("identity")).getText()).contains("mean cosine");
    chromium.js("document.getElementById('faces-section').scrollIntoView()");
    chromium.screenshot("3b-job-faces");

    chromium
        .waitUpTo(Duration.ofSeconds(30))
        .until(ExpectedConditions.attributeToBe(By.id("frames"), "data-depth-done", "true"));
    List<WebElement> depth = browser.findElements(By.cssSelector("#frames canvas.depth"));
    assertThat(depth).as("stretched depth maps beside the RGB frames").hasSize(3 * 2);
    assertThat(depth)
        .allSatisfy(
            c -> {
              assertThat(c.getAttribute("data-stretched")).as("stretch range").matches("\\d+-\\d+");
              assertThat(c.getAttribute("width")).isEqualTo("64");
            });

    WebElement orbit = browser.findElement(By.id("orbit-image"));
    String before = orbit.getAttribute("data-view");
    assertThat(before).isEqualTo("orbit01");
    new Actions(browser).clickAndHold(orbit).moveByOffset(60, 0).release().perform();
    String dragged = orbit.getAttribute("data-view");
    assertThat(dragged).as("view after dragging right").isNotEqualTo(before);
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d ->
                (Boolean)
                    chromium.js(
                        "const i = document.getElementById('orbit-image'); return i.complete && i.naturalWidth > 0"));
    orbit.sendKeys(Keys.ARROW_RIGHT);
    assertThat(orbit.getAttribute("data-view"))
        .as("view after the right arrow key")
        .isNotEqualTo(dragged);
    browser.findElement(By.id("orbit-depth")).click();
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(d -> orbit.getAttribute("src").startsWith("blob:"));
    assertThat(browser.findElement(By.id("webhook-target")).getText())
        .contains("without a webhook");
    chromium.screenshot("3-job-detail");
    chromium.js("document.getElementById('frames-section').scrollIntoView()");
    chromium.screenshot("4-job-detail-frames");
  }

  @Test
  @Order(4)
  void aJobWithAMeshShowsItInAWebGlViewerThatDrawsTheHeadAndTurnsItWhenDragged() throws Exception {
    String job = submit(system.client, MESH_JOB, SampleJob.driving(1));
    JsonNode done = system.client.awaitTerminal(job, Duration.ofMinutes(3), Duration.ofMillis(500));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
    List<String> meshFiles = new ArrayList<>();
    done.path("manifest")
        .path("files")
        .forEach(
            f -> {
              if (f.path("kind").asText().equals("MESH")) {
                meshFiles.add(f.path("key").asText());
              }
            });
    assertThat(meshFiles).hasSize(2).anyMatch(k -> k.endsWith("mesh/avatar.glb"));

    browser.get(system.base + "/job.html?id=" + job);
    WebElement canvas =
        chromium
            .waitUpTo(Duration.ofSeconds(60))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("mesh-canvas")));
    chromium.waitUpTo(Duration.ofSeconds(60)).until(d -> canvas.getAttribute("data-drawn") != null);
    assertThat(browser.findElement(By.id("mesh-caption")).getText()).contains("triangles");
    @SuppressWarnings("unchecked")
    List<Long> drawn = (List<Long>) chromium.js(COUNT_DRAWN_PIXELS);
    assertThat(drawn.get(0))
        .as("pixels of the head among the canvas's %d", drawn.get(1))
        .isGreaterThan(drawn.get(1) / 50);
    String front =
        (String) chromium.js("return document.getElementById('mesh-canvas').toDataURL()");
    chromium.js("document.getElementById('mesh-section').scrollIntoView()");
    chromium.screenshot("3c-job-mesh");

    new Actions(browser).clickAndHold(canvas).moveByOffset(90, 0).release().perform();
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(d -> Math.abs(Double.parseDouble(canvas.getAttribute("data-azimuth"))) > 5);
    assertThat(chromium.js("return document.getElementById('mesh-canvas').toDataURL()"))
        .as("the picture after dragging")
        .isNotEqualTo(front);
    chromium.screenshot("3d-job-mesh-turned");
  }

  @Test
  @Order(5)
  void aLongJobIsCanceledFromTheJobsPageAndAJobThatLostItsInputFails() throws Exception {
    openJobsPage();
    List<JobClient.Upload> frames = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      frames.addAll(SampleJob.driving(SampleJob.DRIVING_FRAMES));
    }
    String longJob =
        submit(
            system.client,
            "{\"views\":[\"orbit:24\"],\"model\":\"lite\",\"resolution\":256}",
            frames);
    By longRow = rowOf(longJob);
    chromium
        .waitUpTo(Duration.ofSeconds(60))
        .until(d -> "RUNNING".equals(d.findElement(longRow).getAttribute("data-state")));
    // Queued behind the long job, this one loses its source before a worker reads it.
    failedJob = submit(system.client, TINY, SampleJob.driving(1));
    failedJobSourceKey =
        store.list(JobKeys.inputPrefix(UUID.fromString(failedJob))).stream()
            .filter(k -> k.contains("source"))
            .findFirst()
            .orElseThrow();
    failedJobSource = store.get(failedJobSourceKey);
    store.deletePrefix(failedJobSourceKey);

    By cancel = By.cssSelector("tr[data-job-id='" + longJob + "'] button[data-action='cancel']");
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.elementToBeClickable(cancel));
    assertThat(browser.findElement(cancel).getAttribute("aria-label"))
        .isEqualTo("Cancel job " + longJob.substring(0, 8));
    chromium.screenshot("5-jobs-long-job-running");
    // Rows are redrawn as progress arrives; retry a click that hit a row just replaced.
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(
            d -> {
              d.findElement(cancel).click();
              return true;
            });
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(d -> "CANCELED".equals(d.findElement(longRow).getAttribute("data-state")));
    assertThat(browser.findElements(cancel)).isEmpty();
    assertThat(system.client.get(longJob).body().path("state").asText()).isEqualTo("CANCELED");

    By failedRow = rowOf(failedJob);
    chromium
        .waitUpTo(Duration.ofMinutes(2))
        .until(d -> "FAILED".equals(d.findElement(failedRow).getAttribute("data-state")));
    assertThat(
            browser
                .findElement(failedRow)
                .findElement(By.cssSelector("button[data-action='retry']"))
                .getText())
        .isEqualTo("Retry");
    assertThat(chromium.js("return window.__marker"))
        .as("the page was never reloaded")
        .isEqualTo(1L);
    chromium.screenshot("6-jobs-canceled-and-failed");
  }

  @Test
  @Order(6)
  void theStateAndAgeFiltersHideOtherJobs() throws Exception {
    String oldJob = insertJobCreatedDaysAgo(2);
    openJobsPage();
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(rowOf(oldJob)));

    new Select(browser.findElement(By.id("since-filter"))).selectByValue("24h");
    chromium
        .waitUpTo(Duration.ofSeconds(5))
        .until(ExpectedConditions.numberOfElementsToBe(rowOf(oldJob), 0));
    assertThat(browser.findElements(rowOf(submittedJob))).hasSize(1);
    assertThat(browser.getCurrentUrl()).contains("since=24h");

    new Select(browser.findElement(By.id("state-filter"))).selectByValue("FAILED");
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.numberOfElementsToBe(rowOf(submittedJob), 0));
    assertThat(shownStates()).isNotEmpty().allSatisfy(s -> assertThat(s).isEqualTo("FAILED"));
    assertThat(browser.findElements(rowOf(failedJob))).hasSize(1);
    chromium.screenshot("7-jobs-filtered");

    browser.get(system.base + "/?state=SUCCEEDED");
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(rowOf(oldJob)));
    assertThat(
            new Select(browser.findElement(By.id("state-filter")))
                .getFirstSelectedOption()
                .getText())
        .isEqualTo("SUCCEEDED");
    assertThat(shownStates()).allSatisfy(s -> assertThat(s).isEqualTo("SUCCEEDED"));
  }

  @Test
  @Order(7)
  void theSystemPageShowsALiveWorkerTheQueuesChartsAndFailureReasons() throws Exception {
    browser.get(system.base + "/system.html");
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-worker='worker-1'][data-status='alive']")));
    String worker = browser.findElement(By.cssSelector("tr[data-worker='worker-1']")).getText();
    assertThat(worker).contains("alive", "cpu", "frames/s");
    assertThat(browser.findElement(By.cssSelector("[data-card='workers'] .card-value")).getText())
        .isEqualTo("1");

    assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector("#throughput svg rect")).size())
        .as("bars of finished jobs")
        .isGreaterThanOrEqualTo(1);
    assertThat(browser.findElements(By.cssSelector("#durations svg circle")).size())
        .as("run-time points")
        .isGreaterThanOrEqualTo(2);
    assertThat(
            browser.findElement(By.cssSelector("#throughput svg desc")).getAttribute("textContent"))
        .contains("succeeded", "failed", "canceled");
    assertThat(browser.findElement(By.id("failures")).getText()).contains(MISSING_SOURCE);
    assertThat(browser.findElements(By.cssSelector("#queue tbody tr"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("#events tbody tr"))).hasSize(12);
    assertThat(browser.findElement(By.id("queue-note")).getText())
        .contains("avatar.jobs", "avatar-workers");
    chromium.screenshot("8-system");
    chromium.js("document.getElementById('failures-title').scrollIntoView()");
    chromium.screenshot("9-system-failures-and-kafka");
  }

  @Test
  @Order(8)
  void aFailedJobShowsItsReasonAndIsRetriedFromItsPageUntilItSucceeds() throws Exception {
    browser.get(system.base + "/job.html?id=" + failedJob);
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")));
    assertThat(browser.findElement(By.id("failure")).getText())
        .startsWith("Failed at attempt")
        .contains(MISSING_SOURCE);
    chromium.screenshot("10-job-failed");

    store.put(failedJobSourceKey, failedJobSource, "image/png");
    browser.findElement(By.id("retry")).click();
    chromium
        .waitUpTo(Duration.ofMinutes(2))
        .until(d -> "SUCCEEDED".equals(d.findElement(By.cssSelector("#summary .state")).getText()));
    assertThat(browser.findElement(By.id("failure")).isDisplayed()).isFalse();
    assertThat(system.client.get(failedJob).body().path("attempt").asInt())
        .as("attempts go on after the failed one")
        .isGreaterThan(1);
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("orbit-image")));
  }

  @Test
  @Order(9)
  void goingBackAndForthBetweenPagesNeverStallsTheDashboard() {
    // Pages kept in the back/forward cache must not keep their event streams: with HTTP/1.1 the
    // browser has six connections per server, and the visible page would wait for one forever.
    for (int i = 0; i < 8; i++) {
      browser.get(system.base + "/");
      awaitLive();
      browser.get(system.base + "/job.html?id=" + submittedJob);
      awaitLive();
    }
    browser.navigate().back();
    awaitLive();
    assertThat(
            chromium.js(
                "return Promise.race([fetch('/v1/session').then(r => r.status),"
                    + " new Promise(r => setTimeout(() => r('stalled'), 5000))])"))
        .isEqualTo(200L);
    assertThat(browser.findElements(rowOf(submittedJob)))
        .as("the jobs page, back from the cache, still lists jobs")
        .hasSize(1);
  }

  @Test
  @Order(10)
  void aSecondTenantSeesOnlyItsOwnJobs() throws Exception {
    String otherKey = newTenantKey("studio-b");
    browser.get(system.base + "/");
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(ExpectedConditions.elementToBeClickable(By.id("sign-out")))
        .click();
    chromium.waitUpTo(Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login.html"));
    assertThat(chromium.js("return fetch('/v1/jobs').then(r => r.status)"))
        .as("the cookie is gone")
        .isEqualTo(401L);

    browser.get(system.base + "/login.html#key=" + otherKey);
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("tenant"), "studio-b"));
    awaitLive();
    assertThat(browser.findElement(By.id("empty")).isDisplayed())
        .as("no jobs of the default tenant")
        .isTrue();

    String own = submit(new JobClient(system.base, otherKey), TINY, SampleJob.driving(1));
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(rowOf(own)));
    assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).hasSize(1);
    chromium.screenshot("11-second-tenant");

    browser.get(system.base + "/job.html?id=" + submittedJob);
    chromium
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("message"), "Could not load the job"));
  }

  private void openJobsPage() {
    browser.get(system.base + "/");
    awaitLive();
    chromium.js("window.__marker = 1");
  }

  private void awaitLive() {
    chromium
        .waitUpTo(Duration.ofSeconds(20))
        .until(d -> "live".equals(d.findElement(By.id("live")).getAttribute("data-status")));
  }

  /** Keeps, per job id, every state its row showed, to prove the row changed in place. */
  private void recordStatesOfEveryRow() {
    chromium.js(
        "window.__states = {};"
            + "const note = () => document.querySelectorAll('#jobs tbody tr').forEach(tr => {"
            + "  const s = (window.__states[tr.dataset.jobId] ||= []);"
            + "  if (s[s.length - 1] !== tr.dataset.state) s.push(tr.dataset.state); });"
            + "new MutationObserver(note).observe(document.querySelector('#jobs tbody'),"
            + "  {childList: true, subtree: true, attributes: true});");
  }

  @SuppressWarnings("unchecked")
  private List<String> statesShownBy(String jobId) {
    return new ArrayList<>(
        (List<String>) chromium.js("return window.__states[arguments[0]] || []", jobId));
  }

  @SuppressWarnings("unchecked")
  private List<String> shownStates() {
    return (List<String>)
        chromium.js(
            "return [...document.querySelectorAll('#jobs tbody tr')].map(tr => tr.dataset.state)");
  }

  private static By rowOf(String jobId) {
    return By.cssSelector("tr[data-job-id='" + jobId + "']");
  }

  private static String submit(JobClient client, String options, List<JobClient.Upload> frames)
      throws Exception {
    JobClient.Answer answer = client.submit(SampleJob.source(), frames, options);
    assertThat(answer.status()).as("submit: %s", answer.body()).isEqualTo(202);
    return answer.body().path("id").asText();
  }

  /**
   * A SUCCEEDED job of the default tenant created {@code days} ago, written straight into the
   * database.
   */
  private String insertJobCreatedDaysAgo(int days) throws Exception {
    String id = UUID.randomUUID().toString();
    try (Connection c =
            DriverManager.getConnection(
                system.stack.jdbcUrl(), system.stack.dbUser(), system.stack.dbPassword());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO jobs (id, tenant, state, options, frames_total, frames_done,"
                    + " attempt, worker_id, created_at, started_at, finished_at, updated_at)"
                    + " SELECT ?::uuid, tenant, 'SUCCEEDED', options, frames_total, frames_total, 1, 'worker-old',"
                    + " now() - make_interval(days => ?), now() - make_interval(days => ?), now() - make_interval(days => ?),"
                    + " now() - make_interval(days => ?) FROM jobs WHERE id = ?::uuid")) {
      ps.setString(1, id);
      for (int i = 2; i <= 5; i++) {
        ps.setInt(i, days);
      }
      ps.setString(6, submittedJob);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    return id;
  }

  /** A new tenant through the admin API; returns an API key of it. */
  private String newTenantKey(String name) throws Exception {
    String id = name + "-" + UUID.randomUUID().toString().substring(0, 6);
    ObjectMapper json = new ObjectMapper();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> tenant =
        http.send(
            admin("/admin/v1/tenants", "{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
    HttpResponse<String> key =
        http.send(
            admin("/admin/v1/tenants/" + id + "/keys", "{\"label\":\"browser test\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
    return json.readTree(key.body()).path("key").asText();
  }

  private HttpRequest admin(String path, String body) {
    return HttpRequest.newBuilder(URI.create(system.base + path))
        .header("Authorization", "Bearer " + system.adminToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
