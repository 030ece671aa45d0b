package dev.avatar4d.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressClassifierTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.0.9",
        "10.0.0.1",
        "10.255.255.255",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.10",
        "100.64.0.1",
        "100.127.255.254",
        "169.254.169.254",
        "0.0.0.0",
        "0.1.2.3",
        "224.0.0.1",
        "239.255.255.250",
        "255.255.255.255",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "febf::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "fec0::1",
        "::ffff:7f00:1",
        "::127.0.0.1",
        "64:ff9b::a9fe:a9fe"
      })
  void addressesOfTheOwnHostOrNetworkAreForbidden(String literal) throws Exception {
    assertThat(AddressClassifier.forbiddenReason(InetAddress.getByName(literal))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.169.0.1",
        "100.63.255.255",
        "100.128.0.1",
        "169.253.1.1",
        "223.255.255.255",
        "11.0.0.1",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "2a00::1:0:0:0:0",
        "64:ff9b::808:808"
      })
  void publicAddressesAreAllowed(String literal) throws Exception {
    assertThat(AddressClassifier.forbiddenReason(InetAddress.getByName(literal))).isEmpty();
  }

  @Test
  void anIpv4MappedIpv6AddressIsJudgedByItsIpv4Address() throws UnknownHostException {
    // Built as Inet6Address explicitly: InetAddress.getByName would already unwrap it to IPv4.
    byte[] mappedLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
    byte[] mappedPrivate = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
    byte[] mappedPublic = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8};

    assertThat(
            AddressClassifier.forbiddenReason(Inet6Address.getByAddress(null, mappedLoopback, -1)))
        .hasValue("IPv4-mapped loopback address");
    assertThat(
            AddressClassifier.forbiddenReason(Inet6Address.getByAddress(null, mappedPrivate, -1)))
        .hasValue("IPv4-mapped private address");
    assertThat(AddressClassifier.forbiddenReason(Inet6Address.getByAddress(null, mappedPublic, -1)))
        .isEmpty();
  }

  @Test
  void theReasonNamesTheKindOfAddress() throws UnknownHostException {
    assertThat(AddressClassifier.forbiddenReason(InetAddress.getByName("169.254.169.254")))
        .hasValue("link-local address");
    assertThat(AddressClassifier.forbiddenReason(InetAddress.getByName("fd00::1")))
        .hasValue("unique-local address");
  }
}
