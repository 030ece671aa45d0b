package dev.avatar4d.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link DevStack} starts and where. Each component runs locally unless its external address
 * is set, in which case nothing is started for it.
 *
 * <p>Environment variables read by {@link #fromEnv(Map)} (defaults in brackets):
 *
 * <table>
 *   <caption>dev stack configuration</caption>
 *   <tr><td>{@value #ENV_HOME}</td><td>data root [{@code .avatar4d}]: {@code kafka/},
 *       {@code postgres/}, {@code s3/}, {@code stack.env}</td></tr>
 *   <tr><td>{@value #ENV_KAFKA_PORT}</td><td>local broker port [9092], 0 = any free</td></tr>
 *   <tr><td>{@value #ENV_POSTGRES_PORT}</td><td>local PostgreSQL port [5432], 0 = any free</td></tr>
 *   <tr><td>{@value #ENV_S3_PORT}</td><td>local S3 port [9000], 0 = any free</td></tr>
 *   <tr><td>{@value #ENV_KAFKA_BOOTSTRAP}</td><td>use this broker instead of starting one</td></tr>
 *   <tr><td>{@value #ENV_JDBC_URL}</td><td>use this database instead of starting one</td></tr>
 *   <tr><td>{@value #ENV_JDBC_USER} / {@value #ENV_JDBC_PASSWORD}</td><td>its credentials
 *       [postgres / postgres]</td></tr>
 *   <tr><td>{@value #ENV_S3_ENDPOINT}</td><td>use this S3 server instead of starting one</td></tr>
 *   <tr><td>{@value #ENV_S3_ACCESS_KEY} / {@value #ENV_S3_SECRET_KEY}</td><td>S3 credentials,
 *       local or external [avatar4d / avatar4d-secret]</td></tr>
 *   <tr><td>{@value #ENV_S3_BUCKET}</td><td>bucket [avatar4d]</td></tr>
 * </table>
 *
 * @param home data root
 * @param kafkaPort local broker port, 0 for any free one
 * @param postgresPort local PostgreSQL port, 0 for any free one
 * @param s3Port local S3 port, 0 for any free one
 * @param externalKafka bootstrap servers of an existing broker, or null
 * @param externalJdbcUrl JDBC URL of an existing database, or null
 * @param externalS3Endpoint endpoint of an existing S3 server, or null
 * @param dbUser user for the external database (the local one always uses postgres)
 * @param dbPassword password for the external database
 * @param s3AccessKey S3 access key (the local server is started with it)
 * @param s3SecretKey S3 secret key
 * @param s3Bucket bucket, created if missing
 */
public record DevStackConfig(
    Path home,
    int kafkaPort,
    int postgresPort,
    int s3Port,
    String externalKafka,
    String externalJdbcUrl,
    String externalS3Endpoint,
    String dbUser,
    String dbPassword,
    String s3AccessKey,
    String s3SecretKey,
    String s3Bucket) {

  public static final String ENV_HOME = "AVATAR4D_HOME";
  public static final String ENV_KAFKA_PORT = "AVATAR4D_KAFKA_PORT";
  public static final String ENV_POSTGRES_PORT = "AVATAR4D_POSTGRES_PORT";
  public static final String ENV_S3_PORT = "AVATAR4D_S3_PORT";
  public static final String ENV_KAFKA_BOOTSTRAP = "AVATAR4D_KAFKA_BOOTSTRAP";
  public static final String ENV_JDBC_URL = "AVATAR4D_JDBC_URL";
  public static final String ENV_JDBC_USER = "AVATAR4D_JDBC_USER";
  public static final String ENV_JDBC_PASSWORD = "AVATAR4D_JDBC_PASSWORD";
  public static final String ENV_S3_ENDPOINT = "AVATAR4D_S3_ENDPOINT";
  public static final String ENV_S3_ACCESS_KEY = "AVATAR4D_S3_ACCESS_KEY";
  public static final String ENV_S3_SECRET_KEY = "AVATAR4D_S3_SECRET_KEY";
  public static final String ENV_S3_BUCKET = "AVATAR4D_S3_BUCKET";

  public static final Path DEFAULT_HOME = Path.of(".avatar4d");
  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_POSTGRES_PORT = 5432;
  public static final int DEFAULT_S3_PORT = 9000;
  public static final String DEFAULT_DB_USER = "postgres";
  public static final String DEFAULT_DB_PASSWORD = "postgres";
  public static final String DEFAULT_S3_ACCESS_KEY = "avatar4d";
  public static final String DEFAULT_S3_SECRET_KEY = "avatar4d-secret";
  public static final String DEFAULT_S3_BUCKET = "avatar4d";

  public DevStackConfig {
    Objects.requireNonNull(home, "home");
    checkPort(kafkaPort, ENV_KAFKA_PORT);
    checkPort(postgresPort, ENV_POSTGRES_PORT);
    checkPort(s3Port, ENV_S3_PORT);
    externalKafka = blankToNull(externalKafka);
    externalJdbcUrl = blankToNull(externalJdbcUrl);
    externalS3Endpoint = blankToNull(externalS3Endpoint);
    if (externalJdbcUrl != null && !externalJdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          ENV_JDBC_URL + " must be a jdbc:postgresql: URL, got " + externalJdbcUrl);
    }
    dbUser = dbUser == null ? DEFAULT_DB_USER : dbUser;
    dbPassword = dbPassword == null ? DEFAULT_DB_PASSWORD : dbPassword;
    s3AccessKey = s3AccessKey == null ? DEFAULT_S3_ACCESS_KEY : s3AccessKey;
    s3SecretKey = s3SecretKey == null ? DEFAULT_S3_SECRET_KEY : s3SecretKey;
    s3Bucket = s3Bucket == null ? DEFAULT_S3_BUCKET : s3Bucket;
  }

  /** Everything local under {@code home}, on free ports: what tests want. */
  public static DevStackConfig ephemeral(Path home) {
    return new DevStackConfig(home, 0, 0, 0, null, null, null, null, null, null, null, null);
  }

  /** Reads the variables listed on the class. */
  public static DevStackConfig fromEnv(Map<String, String> env) {
    return new DevStackConfig(
        Path.of(env.getOrDefault(ENV_HOME, DEFAULT_HOME.toString())),
        port(env, ENV_KAFKA_PORT, DEFAULT_KAFKA_PORT),
        port(env, ENV_POSTGRES_PORT, DEFAULT_POSTGRES_PORT),
        port(env, ENV_S3_PORT, DEFAULT_S3_PORT),
        env.get(ENV_KAFKA_BOOTSTRAP),
        env.get(ENV_JDBC_URL),
        env.get(ENV_S3_ENDPOINT),
        env.get(ENV_JDBC_USER),
        env.get(ENV_JDBC_PASSWORD),
        env.get(ENV_S3_ACCESS_KEY),
        env.get(ENV_S3_SECRET_KEY),
        env.get(ENV_S3_BUCKET));
  }

  public Path kafkaDir() {
    return home.resolve("kafka");
  }

  public Path postgresDir() {
    return home.resolve("postgres");
  }

  public Path s3Dir() {
    return home.resolve("s3");
  }

  /** Never prints secrets. */
  @Override
  public String toString() {
    return "DevStackConfig[home="
        + home
        + ", kafkaPort="
        + kafkaPort
        + ", postgresPort="
        + postgresPort
        + ", s3Port="
        + s3Port
        + ", externalKafka="
        + externalKafka
        + ", externalJdbcUrl="
        + externalJdbcUrl
        + ", externalS3Endpoint="
        + externalS3Endpoint
        + ", dbUser="
        + dbUser
        + ", s3AccessKey="
        + s3AccessKey
        + ", s3Bucket="
        + s3Bucket
        + "]";
  }

  private static int port(Map<String, String> env, String name, int def) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return def;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, got '" + v + "'");
    }
  }

  private static void checkPort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
