package dev.avatar4d.gateway.webhooks;

import dev.avatar4d.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the gateway may POST to a webhook URL: http or https only, no user info, a host,
 * and (unless {@code avatar4d.webhooks.allow-private-addresses}) every address the host resolves to
 * must be public by {@link AddressClassifier}. Used at submit time and again before every attempt,
 * because a name can be re-pointed after it was accepted.
 *
 * <p>The JVM caches lookups (30 s by default), so the HTTP client that connects right after the
 * check normally sees the same answer; a rebinding in that gap is the remaining risk.
 */
@ApplicationScoped
public class WebhookUrlGuard {
  /** Longest accepted URL, in characters. */
  public static final int MAX_URL_LENGTH = 2048;

  /** Looks up every address of a host name; the JVM resolver in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean allowPrivate;
  private final Resolver resolver;

  @Inject
  WebhookUrlGuard(GatewayConfig config) {
    this(config.webhooks().allowPrivateAddresses(), InetAddress::getAllByName);
  }

  /** A guard with an explicit policy and resolver (for tests and tools). */
  public WebhookUrlGuard(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /** The parsed URL; {@link RefusedUrlException} saying why it cannot be used. */
  public URI check(String url) {
    URI uri = parse(url);
    checkAddresses(uri.getHost());
    return uri;
  }

  private static URI parse(String url) {
    if (url == null || url.isBlank()) {
      throw new RefusedUrlException("is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new RefusedUrlException("longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedUrlException("not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new RefusedUrlException("must be an http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new RefusedUrlException("must not contain user info (user:password@)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new RefusedUrlException("must name a host");
    }
    return uri;
  }

  private void checkAddresses(String host) {
    if (allowPrivate) {
      return;
    }
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(name);
    } catch (UnknownHostException e) {
      throw new RefusedUrlException("host " + host + " does not resolve", true);
    }
    for (InetAddress address : addresses) {
      Optional<String> reason = AddressClassifier.forbiddenReason(address);
      if (reason.isPresent()) {
        throw new RefusedUrlException(
            "host "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", a "
                + reason.get()
                + "; webhooks go to public addresses only");
      }
    }
  }

  /** A webhook URL the gateway will not call; the message says why. */
  public static class RefusedUrlException extends RuntimeException {
    private final boolean mayPass;

    RefusedUrlException(String reason) {
      this(reason, false);
    }

    RefusedUrlException(String reason, boolean mayPass) {
      super(reason);
      this.mayPass = mayPass;
    }

    /** Whether the same URL may pass later (the name did not resolve, which can be passing). */
    public boolean mayPassLater() {
      return mayPass;
    }
  }
}
