package dev.avatar4d.gateway.api;

import dev.avatar4d.protocol.OutputFile;
import java.net.URI;

/** One output from the manifest plus a short-lived presigned URL to download it. */
public record OutputFileView(
    String key,
    String view,
    Integer frame,
    OutputFile.Kind kind,
    String mediaType,
    long size,
    String sha256,
    URI url) {
  static OutputFileView of(OutputFile f, URI url) {
    return new OutputFileView(
        f.key(), f.view(), f.frame(), f.kind(), f.mediaType(), f.size(), f.sha256(), url);
  }
}
