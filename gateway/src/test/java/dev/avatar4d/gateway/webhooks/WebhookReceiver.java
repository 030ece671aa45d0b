package dev.avatar4d.gateway.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP endpoint on 127.0.0.1 that records every webhook request. It answers {@code
 * failureStatus} until {@code failFor} has passed since the first request it received, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final Duration failFor;
  private final int failureStatus;
  private final List<Request> requests = new ArrayList<>();
  private Instant firstRequestAt;

  /**
   * One request as received.
   *
   * @param headers names in lower case
   * @param status what the receiver answered
   */
  public record Request(Map<String, List<String>> headers, byte[] body, int status, Instant at) {
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private WebhookReceiver(Duration failFor, int failureStatus) {
    this.failFor = failFor;
    this.failureStatus = failureStatus;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          Map<String, List<String>> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
          int status = answer();
          synchronized (requests) {
            requests.add(new Request(headers, body, status, Instant.now()));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Answers 200 to everything. */
  public static WebhookReceiver healthy() {
    return new WebhookReceiver(Duration.ZERO, 200);
  }

  /** Answers {@code status} for {@code failFor} after the first request, then 200. */
  public static WebhookReceiver failingFor(Duration failFor, int status) {
    return new WebhookReceiver(failFor, status);
  }

  /** Never answers anything but {@code status}. */
  public static WebhookReceiver alwaysFailing(int status) {
    return new WebhookReceiver(Duration.ofDays(1), status);
  }

  private synchronized int answer() {
    Instant now = Instant.now();
    if (firstRequestAt == null) {
      firstRequestAt = now;
    }
    return now.isBefore(firstRequestAt.plus(failFor)) ? failureStatus : 200;
  }

  /** When the receiver started answering 200 (null before the first request). */
  public synchronized Instant recoveredAt() {
    return firstRequestAt == null ? null : firstRequestAt.plus(failFor);
  }

  /** Where to send webhooks. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Every request so far, in arrival order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
