package dev.avatar4d.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String OTHER_KEY =
      Base64.getEncoder()
          .encodeToString(
              new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                24, 25, 26, 27, 28, 29, 30, 31, 32
              });
  private final SecretSealer sealer = new SecretSealer(Optional.of(KEY));

  @Test
  void aSealedSecretOpensForItsTenantAndDoesNotShowTheSecret() {
    String secret = WebhookSignature.newSecret();

    String sealed = sealer.seal("acme", secret);

    assertThat(sealed).startsWith(SecretSealer.PREFIX).doesNotContain(secret.substring(6));
    assertThat(sealer.open("acme", sealed)).isEqualTo(secret);
    assertThat(sealer.seal("acme", secret)).as("a fresh nonce each time").isNotEqualTo(sealed);
  }

  @Test
  void aSealedSecretDoesNotOpenForAnotherTenantOrUnderAnotherKey() {
    String sealed = sealer.seal("acme", WebhookSignature.newSecret());

    assertThatThrownBy(() -> sealer.open("globex", sealed)).hasMessageContaining("does not open");
    assertThatThrownBy(() -> new SecretSealer(Optional.of(OTHER_KEY)).open("acme", sealed))
        .hasMessageContaining("does not open");
    assertThatThrownBy(() -> new SecretSealer(Optional.empty()).open("acme", sealed))
        .hasMessageContaining("secret-encryption-key is not set");
  }

  @Test
  void aTamperedCiphertextIsRefused() {
    String sealed = sealer.seal("acme", WebhookSignature.newSecret());
    byte[] raw = Base64.getDecoder().decode(sealed.substring(SecretSealer.PREFIX.length()));
    raw[raw.length - 1] ^= 1;

    String tampered = SecretSealer.PREFIX + Base64.getEncoder().encodeToString(raw);

    assertThatThrownBy(() -> sealer.open("acme", tampered)).hasMessageContaining("does not open");
  }

  @Test
  void withoutAKeySecretsAreStoredAsTheyAreAndClearRowsStillReadWithAKey() {
    SecretSealer clear = new SecretSealer(Optional.empty());
    String secret = WebhookSignature.newSecret();

    assertThat(clear.encrypts()).isFalse();
    assertThat(clear.seal("acme", secret)).isEqualTo(secret);
    assertThat(sealer.open("acme", secret))
        .as("a row written before the key was set")
        .isEqualTo(secret);
  }

  @Test
  void aKeyOfTheWrongLengthOrNotBase64IsRefusedAtStart() {
    assertThatThrownBy(
            () -> new SecretSealer(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))))
        .hasMessageContaining("must be 32 bytes");
    assertThatThrownBy(() -> new SecretSealer(Optional.of("not base64!")))
        .hasMessageContaining("not base64");
  }
}
