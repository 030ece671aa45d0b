package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.auth.Caller;
import dev.avatar4d.gateway.config.ObjectStores;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.http.Problems;
import dev.avatar4d.gateway.jobs.JobQueries;
import dev.avatar4d.gateway.jobs.JobRow;
import dev.avatar4d.storage.JobKeys;
import dev.avatar4d.storage.ObjectNotFoundException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/jobs/{id}/files/{name}}: one object of the caller's job (e.g. {@code
 * output/attempt-1-0a1b2c3d/front/depth/0000.png}), served by the gateway itself.
 *
 * <p>Downloads go through presigned URLs; this exists for the dashboard, which must read the pixels
 * of depth maps to stretch their contrast. Browsers let a page read pixels only of same-origin
 * images (or of servers that send CORS headers, which the object store does not by default), so the
 * page fetches depth maps here, and its mesh viewer reads a job's {@code .glb} the same way.
 */
@Path("/v1/jobs/{id}/files/{name: .+}")
@Tag(name = "jobs")
public class JobFileResource {
  private static final Map<String, String> MEDIA_TYPES =
      Map.of(
          "png",
          "image/png",
          "jpg",
          "image/jpeg",
          "jpeg",
          "image/jpeg",
          "mp4",
          "video/mp4",
          "json",
          "application/json",
          "glb",
          "model/gltf-binary");

  private final Caller caller;
  private final JobQueries queries;
  private final ObjectStores stores;

  JobFileResource(Caller caller, JobQueries queries, ObjectStores stores) {
    this.caller = caller;
    this.queries = queries;
    this.stores = stores;
  }

  @GET
  @Operation(
      summary = "Read one object of a job",
      description =
          "The bytes of jobs/{id}/{name}, for pages that need same-origin access (the dashboard's depth"
              + " contrast stretch). Clients should download through the presigned URLs of the job resource.")
  @APIResponse(responseCode = "200", description = "The object's bytes")
  @APIResponse(
      responseCode = "404",
      description = "No such job for this tenant, or no such object",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response get(
      @PathParam("id") String id,
      @PathParam("name") String name,
      @jakarta.ws.rs.core.Context UriInfo uri) {
    JobRow job = queries.get(caller.tenant(), id);
    String path = "/" + uri.getPath();
    if (name.startsWith("/")
        || name.contains("//")
        || name.contains("\\")
        || java.util.Arrays.asList(name.split("/")).contains("..")) {
      return Problems.response(
          404, "not-found", "No such object", "no object '" + name + "' in job " + id, path);
    }
    byte[] bytes;
    try {
      bytes = stores.store().get(JobKeys.jobPrefix(job.id()) + name);
    } catch (ObjectNotFoundException e) {
      return Problems.response(
          404, "not-found", "No such object", "no object '" + name + "' in job " + id, path);
    }
    // Object keys are written once per attempt and never change, so the browser may keep them.
    return Response.ok(bytes, mediaType(name))
        .header("Cache-Control", "private, max-age=3600")
        .build();
  }

  private static String mediaType(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return MEDIA_TYPES.getOrDefault(ext, "application/octet-stream");
  }
}
