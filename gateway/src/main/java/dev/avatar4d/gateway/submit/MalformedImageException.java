package dev.avatar4d.gateway.submit;

/** An image whose bytes break its format's structure; the message says where, for the client. */
final class MalformedImageException extends RuntimeException {
  MalformedImageException(String message) {
    super(message, null, false, false);
  }
}
