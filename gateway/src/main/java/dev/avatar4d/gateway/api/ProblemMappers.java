package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.auth.TenantExistsException;
import dev.avatar4d.gateway.auth.TenantNotFoundException;
import dev.avatar4d.gateway.db.DataAccessException;
import dev.avatar4d.gateway.http.Problem;
import dev.avatar4d.gateway.http.Problems;
import dev.avatar4d.gateway.jobs.JobConflictException;
import dev.avatar4d.gateway.jobs.JobNotFoundException;
import dev.avatar4d.gateway.submit.IdempotencyConflictException;
import dev.avatar4d.gateway.submit.QuotaExceededException;
import dev.avatar4d.protocol.InvalidFieldException;
import dev.avatar4d.storage.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the gateway's exceptions into {@code application/problem+json} responses. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response invalidField(InvalidFieldException e, UriInfo uri) {
    return problem(
        400,
        "invalid-request",
        "Invalid request",
        e.getMessage(),
        uri,
        List.of(new Problem.FieldError(e.field(), e.reason())));
  }

  @ServerExceptionMapper
  public Response notFound(JobNotFoundException e, UriInfo uri) {
    return problem(404, "job-not-found", "Job not found", e.getMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response conflict(JobConflictException e, UriInfo uri) {
    return problem(
        409, "job-state-conflict", "Job state does not allow this", e.getMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response storageDown(StorageException e, UriInfo uri) {
    LOG.warnf("object store failure on %s: %s", uri.getPath(), e.getMessage());
    return problem(
        503,
        "storage-unavailable",
        "Object store unavailable",
        "the object store could not be reached; nothing was stored, try again",
        uri,
        null);
  }

  @ServerExceptionMapper
  public Response databaseDown(DataAccessException e, UriInfo uri) {
    LOG.warnf("database failure on %s: %s", uri.getPath(), e.getMessage());
    return problem(
        503,
        "database-unavailable",
        "Database unavailable",
        "the database could not be reached; nothing was stored, try again",
        uri,
        null);
  }

  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    String reason =
        Response.Status.fromStatusCode(status) == null
            ? "HTTP " + status
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    return problem(status, "http-" + status, reason, e.getMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response quotaExceeded(QuotaExceededException e, UriInfo uri) {
    return Problems.builder(
            429, "quota-exceeded", "Too many active jobs", e.getMessage(), uri.getPath(), null)
        .header("Retry-After", e.retryAfterSeconds())
        .build();
  }

  @ServerExceptionMapper
  public Response idempotencyConflict(IdempotencyConflictException e, UriInfo uri) {
    return problem(
        409,
        "idempotency-key-reused",
        "Idempotency-Key already used for another request",
        e.getMessage(),
        uri,
        List.of(new Problem.FieldError("Idempotency-Key", e.getMessage())));
  }

  @ServerExceptionMapper
  public Response tenantNotFound(TenantNotFoundException e, UriInfo uri) {
    return problem(404, "tenant-not-found", "Tenant not found", e.getMessage(), uri, null);
  }

  @ServerExceptionMapper
  public Response tenantExists(TenantExistsException e, UriInfo uri) {
    return problem(
        409,
        "tenant-exists",
        "Tenant already exists",
        e.getMessage(),
        uri,
        List.of(new Problem.FieldError("id", e.getMessage())));
  }

  private static Response problem(
      int status,
      String slug,
      String title,
      String detail,
      UriInfo uri,
      List<Problem.FieldError> errors) {
    return Problems.builder(status, slug, title, detail, uri.getPath(), errors).build();
  }
}
