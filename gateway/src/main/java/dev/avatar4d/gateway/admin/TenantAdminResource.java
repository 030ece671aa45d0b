package dev.avatar4d.gateway.admin;

import dev.avatar4d.gateway.auth.ApiKeyRecord;
import dev.avatar4d.gateway.auth.ApiKeyRepository;
import dev.avatar4d.gateway.auth.KeyHashes;
import dev.avatar4d.gateway.auth.Tenant;
import dev.avatar4d.gateway.auth.TenantExistsException;
import dev.avatar4d.gateway.auth.TenantNotFoundException;
import dev.avatar4d.gateway.auth.TenantRepository;
import dev.avatar4d.gateway.db.Sql;
import dev.avatar4d.gateway.db.Transactions;
import dev.avatar4d.protocol.InvalidFieldException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operator API for tenants and their API keys ({@code Authorization: Bearer <admin token>}). A new
 * key is shown once, in the answer that creates it; only its hash is stored.
 */
@Path("/admin/v1")
@Tag(name = "admin", description = "Tenants and API keys (operator token)")
@Produces(MediaType.APPLICATION_JSON)
public class TenantAdminResource {
  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final Transactions tx;
  private final TenantRepository tenants;
  private final ApiKeyRepository keys;
  private final Clock clock;

  TenantAdminResource(
      Transactions tx, TenantRepository tenants, ApiKeyRepository keys, Clock clock) {
    this.tx = tx;
    this.tenants = tenants;
    this.keys = keys;
    this.clock = clock;
  }

  /** Body of {@code POST /admin/v1/tenants}; the limits are optional (null: gateway defaults). */
  public record NewTenant(
      String id, String name, Integer maxActiveJobs, Double requestsPerSecond) {}

  /** Body of {@code POST /admin/v1/tenants/{id}/keys}. */
  public record NewKey(String label) {}

  /** A key as listed: never the key itself. */
  public record KeyView(
      UUID id, String tenant, String prefix, String label, Instant createdAt, Instant revokedAt) {
    static KeyView of(ApiKeyRecord k) {
      return new KeyView(k.id(), k.tenant(), k.prefix(), k.label(), k.createdAt(), k.revokedAt());
    }
  }

  /** A key just created: the only answer that ever contains {@code key}. */
  public record CreatedKey(
      UUID id, String tenant, String key, String prefix, String label, Instant createdAt) {}

  @POST
  @Path("/tenants")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a tenant")
  public Response createTenant(NewTenant body) {
    if (body == null || body.id() == null || !TENANT_ID.matcher(body.id()).matches()) {
      throw new InvalidFieldException(
          "id",
          "1 to 63 characters: lower-case letters, digits and '-', starting with a letter or digit");
    }
    if (body.maxActiveJobs() != null && body.maxActiveJobs() < 1) {
      throw new InvalidFieldException(
          "maxActiveJobs", "must be at least 1, got " + body.maxActiveJobs());
    }
    if (body.requestsPerSecond() != null && !(body.requestsPerSecond() > 0)) {
      throw new InvalidFieldException(
          "requestsPerSecond", "must be positive, got " + body.requestsPerSecond());
    }
    String name = body.name() == null || body.name().isBlank() ? body.id() : body.name().trim();
    Tenant tenant =
        new Tenant(body.id(), name, body.maxActiveJobs(), body.requestsPerSecond(), now());
    if (!tx.inTransaction(c -> tenants.insert(c, tenant))) {
      throw new TenantExistsException(body.id());
    }
    return Response.created(URI.create("/admin/v1/tenants/" + tenant.id())).entity(tenant).build();
  }

  @GET
  @Path("/tenants")
  @Operation(summary = "List tenants")
  public List<Tenant> listTenants() {
    return tx.read(tenants::list);
  }

  @POST
  @Path("/tenants/{tenant}/keys")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create an API key",
      description = "The answer is the only place the key is ever shown.")
  public Response createKey(@PathParam("tenant") String tenant, NewKey body) {
    String key = KeyHashes.newKey();
    ApiKeyRecord record =
        new ApiKeyRecord(
            UUID.randomUUID(),
            tenant,
            KeyHashes.shownPrefix(key),
            body == null ? null : body.label(),
            now(),
            null);
    tx.inTransaction(
        c -> {
          tenants.find(c, tenant).orElseThrow(() -> new TenantNotFoundException(tenant));
          return keys.insert(c, record, KeyHashes.hash(key));
        });
    CreatedKey created =
        new CreatedKey(
            record.id(), tenant, key, record.prefix(), record.label(), record.createdAt());
    return Response.status(201).entity(created).build();
  }

  @GET
  @Path("/tenants/{tenant}/keys")
  @Operation(
      summary = "List a tenant's API keys",
      description = "Prefixes and dates only; keys are never shown again.")
  public List<KeyView> listKeys(@PathParam("tenant") String tenant) {
    return tx.read(
        c -> {
          tenants.find(c, tenant).orElseThrow(() -> new TenantNotFoundException(tenant));
          return keys.listForTenant(c, tenant).stream().map(KeyView::of).toList();
        });
  }

  @DELETE
  @Path("/keys/{id}")
  @Operation(
      summary = "Revoke an API key",
      description = "Takes effect on the next request made with it.")
  public KeyView revokeKey(@PathParam("id") String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new jakarta.ws.rs.NotFoundException("no API key " + id);
    }
    return tx.inTransaction(c -> keys.revoke(c, uuid, now()))
        .map(KeyView::of)
        .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no API key " + id));
  }

  private Instant now() {
    return Sql.toDbPrecision(clock.instant());
  }
}
