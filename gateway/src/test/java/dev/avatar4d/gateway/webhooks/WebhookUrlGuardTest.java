package dev.avatar4d.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookUrlGuardTest {
  /** A resolver that knows a few names, so the tests never depend on real DNS. */
  private static final WebhookUrlGuard.Resolver DNS =
      host -> {
        Map<String, String> names =
            Map.of(
                "hooks.example.com", "93.184.216.34",
                "internal.example.com", "10.0.0.7",
                "localhost", "127.0.0.1",
                "metadata.example.com", "169.254.169.254");
        String address = names.get(host);
        if (address != null) {
          return new InetAddress[] {InetAddress.getByName(address)};
        }
        if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
          return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
      };

  private final WebhookUrlGuard strict = new WebhookUrlGuard(false, DNS);
  private final WebhookUrlGuard lenient = new WebhookUrlGuard(true, DNS);

  @Test
  void aPublicHttpsUrlPasses() {
    assertThat(strict.check("https://hooks.example.com/avatar4d?x=1")).hasHost("hooks.example.com");
    assertThat(strict.check("http://hooks.example.com:8443/in")).hasPort(8443);
  }

  @Test
  void loopbackPrivateAndLinkLocalHostsAreRefusedWhenPrivateAddressesAreNotAllowed() {
    for (String url :
        new String[] {
          "http://127.0.0.1:8080/hook", "http://localhost/hook", "https://internal.example.com/x",
          "http://metadata.example.com/latest/meta-data/", "http://[::1]/hook", "http://[fd00::5]/",
          "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/"
        }) {
      assertThatThrownBy(() -> strict.check(url), url)
          .isInstanceOf(WebhookUrlGuard.RefusedUrlException.class)
          .hasMessageContaining("public addresses only")
          .satisfies(
              e -> assertThat(((WebhookUrlGuard.RefusedUrlException) e).mayPassLater()).isFalse());
    }
  }

  @Test
  void aHostWithAnyPrivateAddressIsRefusedEvenIfAnotherIsPublic() {
    WebhookUrlGuard guard =
        new WebhookUrlGuard(
            false,
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.216.34"), InetAddress.getByName("192.168.0.2")
                });

    assertThatThrownBy(() -> guard.check("https://split.example.com/"))
        .hasMessageContaining("192.168.0.2");
  }

  @Test
  void privateHostsPassWhenAllowedButTheUrlRulesStillHold() {
    assertThat(lenient.check("http://127.0.0.1:9999/hook")).hasPort(9999);
    assertThatThrownBy(() -> lenient.check("ftp://127.0.0.1/hook"))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> lenient.check("http://user:pw@127.0.0.1/hook"))
        .hasMessageContaining("user info");
  }

  @Test
  void otherSchemesUserInfoAndMalformedUrlsAreRefused() {
    assertThatThrownBy(() -> strict.check("file:///etc/passwd"))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> strict.check("gopher://hooks.example.com/"))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> strict.check("https://admin@hooks.example.com/"))
        .hasMessageContaining("user info");
    assertThatThrownBy(() -> strict.check("https:///no-host")).hasMessageContaining("host");
    assertThatThrownBy(() -> strict.check("https://hooks.example.com/a b"))
        .hasMessageContaining("not a valid URL");
    assertThatThrownBy(() -> strict.check("https://hooks.example.com/" + "a".repeat(3000)))
        .hasMessageContaining("longer than");
  }

  @Test
  void aNameThatDoesNotResolveIsRefusedButMayPassLater() {
    assertThatThrownBy(() -> strict.check("https://nowhere.example.com/"))
        .isInstanceOf(WebhookUrlGuard.RefusedUrlException.class)
        .hasMessageContaining("does not resolve")
        .satisfies(
            e -> assertThat(((WebhookUrlGuard.RefusedUrlException) e).mayPassLater()).isTrue());
  }
}
