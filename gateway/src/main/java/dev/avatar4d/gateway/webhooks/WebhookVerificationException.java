package dev.avatar4d.gateway.webhooks;

/** A received webhook is not authentic or too old; the message says which check failed. */
public class WebhookVerificationException extends Exception {
  public WebhookVerificationException(String message) {
    super(message);
  }
}
