package dev.avatar4d.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.avatar4d.protocol.InvalidFieldException;
import java.net.InetAddress;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class WebhookRequestParserTest {
  private final WebhookRequestParser parser =
      new WebhookRequestParser(
          new WebhookUrlGuard(
              false, host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")}));

  @Test
  void withoutEventsEveryEventIsSent() {
    WebhookSubscription subscription = parser.parse("{\"url\": \"https://hooks.example.com/in\"}");

    assertThat(subscription.url()).hasToString("https://hooks.example.com/in");
    assertThat(subscription.events()).isEqualTo(EnumSet.allOf(WebhookFilter.class));
  }

  @Test
  void completedSelectsEveryTerminalTypeAndNothingElse() {
    WebhookSubscription subscription =
        parser.parse("{\"url\": \"https://hooks.example.com/in\", \"events\": [\"completed\"]}");

    assertThat(subscription.wants(WebhookEventType.JOB_SUCCEEDED)).isTrue();
    assertThat(subscription.wants(WebhookEventType.JOB_FAILED)).isTrue();
    assertThat(subscription.wants(WebhookEventType.JOB_CANCELED)).isTrue();
    assertThat(subscription.wants(WebhookEventType.JOB_STARTED)).isFalse();
    assertThat(subscription.wants(WebhookEventType.JOB_PROGRESS)).isFalse();
  }

  @Test
  void errorsNameTheOffendingField() {
    assertField("{\"url\": \"ftp://hooks.example.com/\"}", "webhook.url");
    assertField("{\"events\": [\"started\"]}", "webhook.url");
    assertField("{\"url\": 42}", "webhook.url");
    assertField(
        "{\"url\": \"https://hooks.example.com/\", \"events\": [\"started\", \"finished\"]}",
        "webhook.events[1]");
    assertField("{\"url\": \"https://hooks.example.com/\", \"events\": []}", "webhook.events");
    assertField("{\"url\": \"https://hooks.example.com/\", \"secret\": \"x\"}", "webhook.secret");
    assertField("[\"https://hooks.example.com/\"]", "webhook");
    assertField("{not json", "webhook");
  }

  @Test
  void anAbsentPartMeansNoWebhook() {
    assertThat(parser.parse(null)).isNull();
  }

  private void assertField(String json, String field) {
    assertThatThrownBy(() -> parser.parse(json), json)
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
