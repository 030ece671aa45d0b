package dev.avatar4d.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One attempt against a real HTTP receiver on 127.0.0.1, without the rest of the gateway. */
class WebhookSenderTest {
  private static final String SECRET = WebhookSignature.newSecret();
  private static final String BODY = "{\"type\":\"job.started\",\"data\":{}}";

  @Test
  void anAttemptPostsTheStoredBodyWithTheThreeSignedHeaders() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.healthy()) {
      WebhookSender sender =
          new WebhookSender(
              new WebhookUrlGuard(true, InetAddress::getAllByName),
              Clock.systemUTC(),
              Duration.ofSeconds(2));

      AttemptResult result = sender.send(delivery(receiver.url())).get();

      assertThat(result.delivered()).isTrue();
      assertThat(result.statusCode()).isEqualTo(200);
      WebhookReceiver.Request request = receiver.requests().get(0);
      assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
      assertThat(request.header("webhook-id")).isEqualTo("msg_test");
      assertThat(request.header("content-type")).isEqualTo("application/json");
      assertThatCode(
              () ->
                  WebhookSignature.verify(
                      request.headers(),
                      request.body(),
                      List.of(SECRET),
                      Duration.ofMinutes(5),
                      Clock.systemUTC()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void aUrlThatNowResolvesToAPrivateAddressIsRefusedForGoodWithoutARequest() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.healthy()) {
      WebhookSender sender =
          new WebhookSender(
              new WebhookUrlGuard(false, InetAddress::getAllByName),
              Clock.systemUTC(),
              Duration.ofSeconds(2));

      AttemptResult result = sender.send(delivery(receiver.url())).get();

      assertThat(result.delivered()).isFalse();
      assertThat(result.permanent()).isTrue();
      assertThat(result.error())
          .startsWith("refused: host 127.0.0.1 resolves to 127.0.0.1, a loopback address");
      assertThat(receiver.requests()).isEmpty();
    }
  }

  @Test
  void aReceiverThatIsNotListeningIsARetryableFailureWithoutStatus() throws Exception {
    String url;
    try (WebhookReceiver gone = WebhookReceiver.healthy()) {
      url = gone.url();
    }
    WebhookSender sender =
        new WebhookSender(
            new WebhookUrlGuard(true, InetAddress::getAllByName),
            Clock.systemUTC(),
            Duration.ofSeconds(2));

    AttemptResult result = sender.send(delivery(url)).get();

    assertThat(result.statusCode()).isNull();
    assertThat(result.permanent()).isFalse();
    assertThat(result.error()).contains("ConnectException");
  }

  private static ClaimedDelivery delivery(String url) {
    return new ClaimedDelivery("msg_test", "default", url, BODY, 0, List.of(SECRET));
  }
}
