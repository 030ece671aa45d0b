package dev.avatar4d.worker.faces;

import dev.avatar4d.faces.FaceAnalyzer;
import dev.avatar4d.faces.FaceAnalyzerConfig;

/** One face analyzer for every test of the JVM: loading its three networks takes about a second. */
public final class SharedFaceAnalyzer {

  private static FaceAnalyzer analyzer;

  private SharedFaceAnalyzer() {}

  /** The analyzer, loaded on first use; the JVM's exit frees it. */
  public static synchronized FaceAnalyzer get() {
    if (analyzer == null) {
      analyzer = FaceAnalyzer.load(FaceAnalyzerConfig.DEFAULT);
    }
    return analyzer;
  }
}
