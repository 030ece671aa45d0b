package dev.avatar4d.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final long NOW = 1_700_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final byte[] BODY =
      "{\"type\":\"job.succeeded\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void theSignatureMatchesTheStandardWebhooksReferenceVector() {
    // From the Standard Webhooks specification's test vectors.
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String body = "{\"test\": 2432232314}";

    String signature =
        WebhookSignature.sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            body.getBytes(StandardCharsets.UTF_8),
            List.of(secret));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void aSignedRequestVerifiesWithItsSecret() {
    String secret = WebhookSignature.newSecret();

    assertThatCode(
            () ->
                WebhookSignature.verify(
                    headers("msg_1", NOW, sign("msg_1", NOW, secret)),
                    BODY,
                    List.of(secret),
                    TOLERANCE,
                    CLOCK))
        .doesNotThrowAnyException();
  }

  @Test
  void aTamperedBodyAnotherIdOrAnotherSecretFails() {
    String secret = WebhookSignature.newSecret();
    Map<String, List<String>> headers = headers("msg_1", NOW, sign("msg_1", NOW, secret));
    byte[] tampered = "{\"type\":\"job.failed\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> WebhookSignature.verify(headers, tampered, List.of(secret), TOLERANCE, CLOCK))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("no v1 signature");
    assertThatThrownBy(
            () ->
                WebhookSignature.verify(
                    headers("msg_2", NOW, sign("msg_1", NOW, secret)),
                    BODY,
                    List.of(secret),
                    TOLERANCE,
                    CLOCK))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(
            () ->
                WebhookSignature.verify(
                    headers, BODY, List.of(WebhookSignature.newSecret()), TOLERANCE, CLOCK))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void aTimestampOutsideTheToleranceFailsEvenWithAGoodSignature() {
    String secret = WebhookSignature.newSecret();
    long old = NOW - 301;
    long future = NOW + 301;

    assertThatThrownBy(
            () ->
                WebhookSignature.verify(
                    headers("m", old, sign("m", old, secret)),
                    BODY,
                    List.of(secret),
                    TOLERANCE,
                    CLOCK))
        .hasMessageContaining("away from now");
    assertThatThrownBy(
            () ->
                WebhookSignature.verify(
                    headers("m", future, sign("m", future, secret)),
                    BODY,
                    List.of(secret),
                    TOLERANCE,
                    CLOCK))
        .hasMessageContaining("away from now");
  }

  @Test
  void duringARotationEachSecretVerifiesItsOwnSignatureInTheHeader() throws Exception {
    String previous = WebhookSignature.newSecret();
    String current = WebhookSignature.newSecret();
    String both = WebhookSignature.sign("m", NOW, BODY, List.of(current, previous));

    assertThat(both.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    WebhookSignature.verify(headers("m", NOW, both), BODY, List.of(previous), TOLERANCE, CLOCK);
    WebhookSignature.verify(headers("m", NOW, both), BODY, List.of(current), TOLERANCE, CLOCK);
  }

  @Test
  void headersAreFoundWhateverTheirCaseAndMissingOnesAreNamed() {
    String secret = WebhookSignature.newSecret();
    Map<String, List<String>> upper =
        Map.of(
            "Webhook-Id",
            List.of("m"),
            "WEBHOOK-TIMESTAMP",
            List.of("" + NOW),
            "Webhook-Signature",
            List.of(sign("m", NOW, secret)));

    assertThatCode(() -> WebhookSignature.verify(upper, BODY, List.of(secret), TOLERANCE, CLOCK))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                WebhookSignature.verify(
                    Map.of("webhook-id", List.of("m")), BODY, List.of(secret), TOLERANCE, CLOCK))
        .hasMessageContaining("webhook-timestamp");
  }

  @Test
  void aNewSecretIsWhsecAnd32RandomBytes() {
    String secret = WebhookSignature.newSecret();

    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    assertThatThrownBy(
            () -> WebhookSignature.key("whsec_" + Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("at least 24");
  }

  private static String sign(String id, long timestamp, String secret) {
    return WebhookSignature.sign(id, timestamp, BODY, List.of(secret));
  }

  private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
    return Map.of(
        "webhook-id",
        List.of(id),
        "webhook-timestamp",
        List.of(Long.toString(timestamp)),
        "webhook-signature",
        List.of(signature));
  }
}
