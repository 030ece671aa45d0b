package dev.avatar4d.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The mesh viewer's three.js files are pinned: every vendored file is listed in {@code SHA256SUMS}
 * with the digest of its bytes, and nothing else sits beside them.
 */
class VendoredThreeJsTest {

  private static final Path VENDOR = Path.of("src/main/resources/META-INF/resources/vendor/three");
  private static final Set<String> UNPINNED = Set.of("SHA256SUMS", "README.md");

  @Test
  void everyVendoredFileHasTheDigestItsPinNames() throws Exception {
    Map<String, String> pinned = pins();
    Map<String, String> actual = new TreeMap<>();
    try (Stream<Path> files = Files.walk(VENDOR)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = VENDOR.relativize(file).toString().replace('\\', '/');
        if (!UNPINNED.contains(name)) {
          actual.put(name, sha256(file));
        }
      }
    }
    assertThat(actual).isNotEmpty().isEqualTo(pinned);
  }

  private static Map<String, String> pins() throws IOException {
    try (Stream<String> lines = Files.lines(VENDOR.resolve("SHA256SUMS"))) {
      return lines
          .filter(line -> !line.isBlank())
          .map(line -> line.split("\\s+\\*?", 2))
          .collect(Collectors.toMap(p -> p[1].trim(), p -> p[0], (a, b) -> a, TreeMap::new));
    }
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
