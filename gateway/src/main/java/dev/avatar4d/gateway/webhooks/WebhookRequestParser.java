package dev.avatar4d.gateway.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.avatar4d.protocol.InvalidFieldException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads the {@code webhook} part of a submission, {@code {"url": "https://…", "events": ["started",
 * "progress", "completed"]}} ({@code events} optional, all by default), into a {@link
 * WebhookSubscription}. Errors name the field: {@code webhook.url}, {@code webhook.events[1]}.
 */
@ApplicationScoped
public class WebhookRequestParser {
  /** The multipart part and the prefix of its fields. */
  public static final String PART = "webhook";

  private static final Set<String> KEYS = Set.of("url", "events");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final WebhookUrlGuard guard;

  WebhookRequestParser(WebhookUrlGuard guard) {
    this.guard = guard;
  }

  /** The subscription in {@code json}; null when the part is absent ({@code json} null). */
  public WebhookSubscription parse(String json) {
    if (json == null) {
      return null;
    }
    JsonNode root = readTree(json);
    if (!root.isObject()) {
      throw new InvalidFieldException(
          PART, "must be a JSON object such as {\"url\": \"https://…\"}");
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new InvalidFieldException(PART + "." + name, "unknown key; known are events and url");
      }
    }
    return new WebhookSubscription(url(root.get("url")), events(root.get("events")));
  }

  private URI url(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new InvalidFieldException(PART + ".url", "is required");
    }
    if (!node.isTextual()) {
      throw new InvalidFieldException(PART + ".url", "must be a string");
    }
    try {
      return guard.check(node.asText());
    } catch (WebhookUrlGuard.RefusedUrlException e) {
      throw new InvalidFieldException(PART + ".url", e.getMessage());
    }
  }

  private static Set<WebhookFilter> events(JsonNode node) {
    if (node == null || node.isNull()) {
      return EnumSet.allOf(WebhookFilter.class);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidFieldException(
          PART + ".events", "must be a non-empty array of started, progress, completed");
    }
    Set<WebhookFilter> filters = EnumSet.noneOf(WebhookFilter.class);
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String field = PART + ".events[" + i + "]";
      WebhookFilter filter =
          item.isTextual() ? WebhookFilter.byWireName(item.asText()).orElse(null) : null;
      if (filter == null) {
        throw new InvalidFieldException(
            field, "unknown event " + item + "; use started, progress or completed");
      }
      filters.add(filter);
    }
    return filters;
  }

  private static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidFieldException(PART, "not valid JSON: " + e.getOriginalMessage());
    }
  }
}
