package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.http.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * A multipart body that cannot be parsed (a boundary that never comes, a broken part header, a part
 * Content-Type that is not a media type) is the client's fault: {@code 400} ({@code
 * malformed-body}). The parser reports these as a plain {@link IOException} or {@link
 * IllegalArgumentException}, which are only the client's fault when the parser threw them; others
 * stay server errors, as a {@code 500} problem.
 */
public class MalformedBodyMappers {
  private static final Logger LOG = Logger.getLogger(MalformedBodyMappers.class);
  private static final String PARSER_PACKAGE = "org.jboss.resteasy.reactive.server.core.multipart.";

  @ServerExceptionMapper
  public Response malformedMultipart(MultipartParser.MalformedMessageException e, UriInfo uri) {
    return malformed("the multipart body is malformed: a part header cannot be read", uri);
  }

  @ServerExceptionMapper
  public Response unreadable(IOException e, UriInfo uri) {
    return thrownByParser(e)
        ? malformed(
            "the multipart body cannot be parsed ("
                + e.getMessage()
                + "); check that it ends with the"
                + " closing boundary and that the boundary in Content-Type is the one the body uses",
            uri)
        : internal(e, uri);
  }

  @ServerExceptionMapper
  public Response badArgument(IllegalArgumentException e, UriInfo uri) {
    return thrownByParser(e)
        ? malformed("the multipart body cannot be parsed: " + e.getMessage(), uri)
        : internal(e, uri);
  }

  private static boolean thrownByParser(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith(PARSER_PACKAGE)) {
        return true;
      }
    }
    return false;
  }

  private static Response malformed(String detail, UriInfo uri) {
    return Problems.response(
        400, "malformed-body", "Malformed request body", detail, uri.getPath());
  }

  private static Response internal(Exception e, UriInfo uri) {
    LOG.errorf(e, "request to %s failed", uri.getPath());
    return Problems.response(
        500,
        "internal-error",
        "Internal server error",
        "the gateway failed on this request; it is logged",
        uri.getPath());
  }
}
