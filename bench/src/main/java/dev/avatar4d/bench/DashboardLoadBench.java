package dev.avatar4d.bench;

import dev.avatar4d.devstack.DevStack;
import dev.avatar4d.devstack.DevStackConfig;
import dev.avatar4d.devstack.JavaProcess;
import dev.avatar4d.devstack.Ports;
import dev.avatar4d.devstack.client.ApiKeys;
import dev.avatar4d.devstack.client.JobClient;
import dev.avatar4d.devstack.client.SampleJob;
import dev.avatar4d.devstack.launcher.ServiceLauncher;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Dashboard page loads with many jobs in PostgreSQL (prints figures; never passes or fails on
 * time).
 *
 * <p>Starts the local stack and the packaged gateway (no worker), submits one real job and copies
 * its row {@code jobs} times with SQL (states mixed as in a busy service, created over the last 24
 * hours, a tenth of them finished in the last hour, some failed with a few different reasons),
 * signs in with headless Chromium and loads each page {@code loads} times. Figures are milliseconds
 * from navigation start: to the {@code jobs-rendered} mark (the table first drawn with rows, after
 * the event stream opened and {@code GET /v1/jobs} answered), to DOMContentLoaded, and the list
 * call's own duration; the system page to its {@code system-rendered} mark. The first load of each
 * page is cold (empty browser cache) and reported apart; the median and spread are over the rest.
 *
 * <p>Arguments: {@code jobs} (default 10000), {@code loads} (default 9), and the result file
 * (default {@code bench/results/dashboard-<date>.txt}). Needs {@code /usr/bin/chromium} and {@code
 * /usr/bin/chromedriver}.
 */
public final class DashboardLoadBench {
  private static final String OPTIONS =
      "{\"views\":[\"front\"],\"resolution\":64,\"formats\":[\"png\"]}";

  private DashboardLoadBench() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int loads = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    Clock clock = Clock.systemUTC();
    Path result =
        Path.of(
            args.length > 2
                ? args[2]
                : "bench/results/dashboard-"
                    + LocalDate.now(clock.withZone(ZoneOffset.UTC))
                    + ".txt");
    Path home = Files.createTempDirectory("avatar4d-dashboard-bench");
    Path root = Path.of(System.getProperty("avatar4d.root", ".")).toAbsolutePath().normalize();
    ServiceLauncher services = new ServiceLauncher(root, home.resolve("logs"));
    services.checkBuilt();
    List<String> lines = new ArrayList<>();
    try (DevStack stack =
        DevStack.start(DevStackConfig.fromEnv(Map.of("AVATAR4D_HOME", home.toString())))) {
      int port = Ports.free();
      String apiKey = ApiKeys.random();
      Map<String, String> env = new HashMap<>(stack.serviceEnv());
      env.put(ApiKeys.BOOTSTRAP_ENV, apiKey);
      JavaProcess gateway = services.startGateway(env, port);
      try {
        URI base = URI.create("http://127.0.0.1:" + port);
        JobClient client = new JobClient(base, apiKey);
        client.awaitReady(Duration.ofSeconds(90), gateway::isAlive);
        String template =
            client
                .submit(SampleJob.source(), SampleJob.driving(1), OPTIONS)
                .body()
                .path("id")
                .asText();
        long insertMs = insertJobs(stack, template, jobs);
        lines.add(
            String.format(
                Locale.ROOT,
                "jobs in PostgreSQL: %d (inserted by SQL in %d ms); tenant 'default' owns all",
                jobs + 1,
                insertMs));
        lines.addAll(measure(base, apiKey, loads));
      } finally {
        gateway.kill();
      }
    }
    lines.add(
        "machine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPU cores, headless Chromium, gateway and"
            + " PostgreSQL on the same machine");
    lines.forEach(System.out::println);
    Files.createDirectories(result.toAbsolutePath().getParent());
    Files.write(result, lines);
    System.out.println("written to " + result);
  }

  /** Copies the template job's row {@code count} times; returns the milliseconds it took. */
  private static long insertJobs(DevStack stack, String template, int count) throws Exception {
    long start = System.nanoTime();
    try (Connection c =
            DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO jobs (id, tenant, state, options, frames_total, frames_done, attempt, worker_id, error,"
                    + " created_at, started_at, finished_at, updated_at)"
                    + " SELECT gen_random_uuid(), t.tenant, s.state, t.options, t.frames_total,"
                    + "   CASE WHEN s.state = 'SUCCEEDED' THEN t.frames_total ELSE 0 END,"
                    + "   CASE WHEN s.state = 'QUEUED' THEN 0 ELSE 1 END,"
                    + "   CASE WHEN s.state = 'QUEUED' THEN NULL ELSE 'worker-' || (g % 4) END,"
                    + "   CASE WHEN s.state = 'FAILED' THEN (ARRAY['timed out after 30 min',"
                    + "     'input rejected: IllegalArgumentException: face too small',"
                    + "     'gave up at attempt 3 after 3 deliveries: StorageException: connection refused'])[1 + g % 3] END,"
                    + "   s.created, s.created + interval '2 seconds',"
                    + "   CASE WHEN s.state IN ('QUEUED', 'RUNNING') THEN NULL ELSE s.created + interval '2 seconds'"
                    + "     + make_interval(secs => 5 + g % 40) END,"
                    + "   s.created + interval '2 seconds'"
                    + " FROM generate_series(1, ?) AS g"
                    + " CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 2 THEN 'QUEUED' WHEN g % 100 < 4 THEN 'RUNNING'"
                    + "   WHEN g % 100 < 12 THEN 'FAILED' WHEN g % 100 < 20 THEN 'CANCELED' ELSE 'SUCCEEDED' END AS state,"
                    + "   CASE WHEN g % 10 = 0 THEN now() - make_interval(secs => g % 3500)"
                    + "     ELSE now() - make_interval(secs => (g * 86400.0) / ?) END AS created) AS s"
                    + " CROSS JOIN (SELECT tenant, options, frames_total FROM jobs WHERE id = ?::uuid) AS t")) {
      ps.setInt(1, count);
      ps.setInt(2, count);
      ps.setString(3, template);
      ps.executeUpdate();
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE jobs");
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static List<String> measure(URI base, String apiKey, int loads) throws Exception {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(Path.of("/usr/bin/chromium").toFile())
            .addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--window-size=1400,1100");
    ChromeDriver browser = new ChromeDriver(service, options);
    List<String> lines = new ArrayList<>();
    try {
      browser.get(base + "/login.html#key=" + apiKey);
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(d -> d.getCurrentUrl().equals(base + "/"));
      lines.add(
          page(
              browser,
              base + "/",
              "jobs-rendered",
              "/v1/jobs?",
              loads,
              "jobs page (newest 50 of all)"));
      lines.add(
          page(
              browser,
              base + "/?state=FAILED",
              "jobs-rendered",
              "/v1/jobs?",
              loads,
              "jobs page, state=FAILED"));
      lines.add(
          page(
              browser,
              base + "/system.html",
              "system-rendered",
              "/v1/system",
              loads,
              "system page (stats over the last hour)"));
    } finally {
      browser.quit();
      service.stop();
    }
    return lines;
  }

  /** Loads {@code url} {@code loads} times; one line of figures. */
  private static String page(
      ChromeDriver browser, String url, String mark, String call, int loads, String what) {
    List<Double> rendered = new ArrayList<>();
    List<Double> domReady = new ArrayList<>();
    List<Double> api = new ArrayList<>();
    double cold = Double.NaN;
    for (int i = 0; i <= loads; i++) {
      browser.get(url);
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(
              d ->
                  (Boolean)
                      js(
                          browser,
                          "return performance.getEntriesByName(arguments[0]).length > 0",
                          mark));
      double r =
          number(
              js(browser, "return performance.getEntriesByName(arguments[0])[0].startTime", mark));
      if (i == 0) {
        cold = r;
        continue;
      }
      rendered.add(r);
      domReady.add(
          number(
              js(
                  browser,
                  "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")));
      api.add(
          number(
              js(
                  browser,
                  "const e = performance.getEntriesByType('resource').find(e => e.name.includes(arguments[0]));"
                      + "return e ? e.duration : -1",
                  call)));
    }
    return String.format(
        Locale.ROOT,
        "%s: rendered median %.0f ms (min %.0f, max %.0f, n=%d; cold first load %.0f ms);"
            + " DOMContentLoaded median %.0f ms; %s call median %.0f ms",
        what,
        Stats.of(rendered).p50(),
        min(rendered),
        max(rendered),
        rendered.size(),
        cold,
        Stats.of(domReady).p50(),
        call.replace("?", ""),
        Stats.of(api).p50());
  }

  private static Object js(ChromeDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private static double number(Object value) {
    return ((Number) value).doubleValue();
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
