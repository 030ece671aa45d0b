package dev.avatar4d.devstack.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.avatar4d.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small HTTP client for the gateway's job API, used by the demo launcher, the end-to-end tests
 * and the benchmarks. It speaks only the public API, like any other client.
 */
public final class JobClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String apiKey;

  /**
   * A client of the gateway at {@code base} that authenticates every {@code /v1} call with {@code
   * apiKey}.
   */
  public JobClient(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  /** The gateway's base URI. */
  public URI base() {
    return base;
  }

  /** An image to upload: its file name and bytes. */
  public record Upload(String fileName, byte[] bytes) {
    /** {@code image/jpeg} for JPEG bytes, else {@code image/png} (the gateway checks either). */
    public String mediaType() {
      boolean jpeg = bytes.length > 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
      return jpeg ? "image/jpeg" : "image/png";
    }
  }

  /** An HTTP answer: status, headers we need, and the JSON body. */
  public record Answer(int status, String location, JsonNode body) {}

  /** {@code POST /v1/jobs} with a source, driving frames and the options JSON. */
  public Answer submit(Upload source, List<Upload> driving, String optionsJson)
      throws IOException, InterruptedException {
    return submit(source, driving, optionsJson, Map.of());
  }

  /**
   * {@code POST /v1/jobs} with an {@code Idempotency-Key} header (none when {@code idempotencyKey}
   * is null): sending the same key and request again returns the same job.
   */
  public Answer submit(
      Upload source, List<Upload> driving, String optionsJson, String idempotencyKey)
      throws IOException, InterruptedException {
    return submit(
        source,
        driving,
        optionsJson,
        idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
  }

  /**
   * {@code POST /v1/jobs} with extra request headers, e.g. {@code Idempotency-Key} or the job's
   * deadlines ({@code Cancel-After}, {@code Start-Within}).
   */
  public Answer submit(
      Upload source, List<Upload> driving, String optionsJson, Map<String, String> headers)
      throws IOException, InterruptedException {
    String boundary = "avatar4d-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    part(body, boundary, "source", source.fileName(), source.mediaType(), source.bytes());
    for (Upload d : driving) {
      part(body, boundary, "driving", d.fileName(), d.mediaType(), d.bytes());
    }
    part(
        body,
        boundary,
        "options",
        null,
        "application/json",
        optionsJson.getBytes(StandardCharsets.UTF_8));
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        api("/v1/jobs")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    headers.forEach(request::header);
    return send(request.build());
  }

  /** {@code GET /v1/jobs/{id}}. */
  public Answer get(String jobId) throws IOException, InterruptedException {
    return send(api("/v1/jobs/" + jobId).GET().build());
  }

  /** {@code GET /v1/jobs}, newest first, of one state or (null) every state. */
  public Answer list(String state) throws IOException, InterruptedException {
    String query =
        state == null ? "" : "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    return send(api("/v1/jobs" + query).GET().build());
  }

  /** {@code POST /v1/jobs/{id}/cancel}. */
  public Answer cancel(String jobId) throws IOException, InterruptedException {
    return send(
        api("/v1/jobs/" + jobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** Downloads {@code url} (a presigned output URL) as bytes; fails on a non-200 answer. */
  public byte[] download(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + response.statusCode());
    }
    return response.body();
  }

  /** Whether {@code state} is one a job never leaves. */
  public static boolean isTerminal(String state) {
    return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELED");
  }

  /**
   * Polls {@code GET /v1/jobs/{id}} every {@code every} until the job is in a terminal state and
   * returns it; throws {@link IllegalStateException} after {@code timeout}.
   */
  public JsonNode awaitTerminal(String jobId, Duration timeout, Duration every)
      throws IOException, InterruptedException {
    java.time.Instant deadline = java.time.Instant.now().plus(timeout);
    while (true) {
      JsonNode job = get(jobId).body();
      if (isTerminal(job.path("state").asText())) {
        return job;
      }
      if (java.time.Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "job " + jobId + " did not end within " + timeout + "; last seen " + job);
      }
      Thread.sleep(every.toMillis());
    }
  }

  /**
   * Waits until the gateway is ready; throws if {@code stillStarting} turns false (the process
   * died) or {@code timeout} passes.
   */
  public void awaitReady(Duration timeout, java.util.function.BooleanSupplier stillStarting)
      throws InterruptedException {
    java.time.Instant deadline = java.time.Instant.now().plus(timeout);
    while (!isReady()) {
      if (!stillStarting.getAsBoolean()) {
        throw new IllegalStateException("the gateway exited during start; see its log");
      }
      if (java.time.Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the gateway was not ready within " + timeout);
      }
      Thread.sleep(250);
    }
  }

  /** Whether the gateway answers its readiness check with 200. */
  public boolean isReady() {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A request to {@code path} on the gateway, with the API key. */
  private HttpRequest.Builder api(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + apiKey);
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = response.body().length == 0 ? null : Json.mapper().readTree(response.body());
    return new Answer(
        response.statusCode(), response.headers().firstValue("Location").orElse(null), json);
  }

  private static void part(
      ByteArrayOutputStream out,
      String boundary,
      String name,
      String fileName,
      String type,
      byte[] bytes)
      throws IOException {
    StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
    head.append("Content-Disposition: form-data; name=\"").append(name).append('"');
    if (fileName != null) {
      head.append("; filename=\"").append(fileName).append('"');
    }
    head.append("\r\nContent-Type: ").append(type).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
  }
}
