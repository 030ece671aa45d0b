package dev.avatar4d.gateway.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Says whether an address is off limits for webhooks because it reaches the gateway's own host or
 * network rather than the public internet: loopback, private (10/8, 172.16/12, 192.168/16), shared
 * (100.64/10), link-local (169.254/16, fe80::/10; cloud metadata lives there), unique-local
 * (fc00::/7), multicast, unspecified, "this network" (0/8) and reserved (240/4, which holds the
 * broadcast address). IPv6 forms that carry an IPv4 address (mapped {@code ::ffff:a.b.c.d},
 * compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) are judged by that address.
 */
public final class AddressClassifier {
  private AddressClassifier() {}

  /** Why {@code address} is not allowed, or empty when it is a public address. */
  public static Optional<String> forbiddenReason(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return ipv4(v4.getAddress());
    }
    if (address instanceof Inet6Address v6) {
      return ipv6(v6.getAddress());
    }
    return Optional.of("unknown address family");
  }

  private static Optional<String> ipv4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (b0 == 127) {
      return Optional.of("loopback address");
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return Optional.of("private address");
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return Optional.of("shared (carrier-grade NAT) address");
    }
    if (b0 == 169 && b1 == 254) {
      return Optional.of("link-local address");
    }
    if (b0 == 0) {
      return Optional.of("unspecified address");
    }
    if ((b0 & 0xf0) == 224) {
      return Optional.of("multicast address");
    }
    if ((b0 & 0xf0) == 240) {
      return Optional.of("reserved address");
    }
    return Optional.empty();
  }

  private static Optional<String> ipv6(byte[] a) {
    if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
      return embedded(a, "IPv4-mapped");
    }
    if (isZero(a, 0, 12)) {
      if (isZero(a, 12, 15) && (a[15] == 0 || a[15] == 1)) {
        return Optional.of(a[15] == 0 ? "unspecified address" : "loopback address");
      }
      return embedded(a, "IPv4-compatible");
    }
    if ((a[0] & 0xff) == 0x00
        && (a[1] & 0xff) == 0x64
        && (a[2] & 0xff) == 0xff
        && (a[3] & 0xff) == 0x9b
        && isZero(a, 4, 12)) {
      return embedded(a, "NAT64");
    }
    if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
      return Optional.of("link-local address");
    }
    if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) {
      return Optional.of("site-local address");
    }
    if ((a[0] & 0xfe) == 0xfc) {
      return Optional.of("unique-local address");
    }
    if ((a[0] & 0xff) == 0xff) {
      return Optional.of("multicast address");
    }
    return Optional.empty();
  }

  private static Optional<String> embedded(byte[] a, String form) {
    return ipv4(Arrays.copyOfRange(a, 12, 16)).map(reason -> form + " " + reason);
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
