package dev.avatar4d.gateway.api;

import dev.avatar4d.gateway.jobs.JobPage;
import dev.avatar4d.gateway.jobs.JobQueries;
import dev.avatar4d.gateway.jobs.JobRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /}: a plain server-rendered list of the newest jobs. Quarkus serves a static {@code
 * META-INF/resources/index.html} before this resource, so the dashboard module replaces this page
 * simply by shipping one in its jar.
 */
@Path("/")
public class HomePage {
  private static final int JOBS_SHOWN = 50;

  private final JobQueries queries;

  HomePage(JobQueries queries) {
    this.queries = queries;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public String page() {
    JobPage page = queries.page(null, null, JOBS_SHOWN);
    StringBuilder html = new StringBuilder(4096)
        .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Avatar4D jobs</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}")
        .append("td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}")
        .append("</style></head><body><h1>Avatar4D jobs</h1>")
        .append("<p>Newest ").append(JOBS_SHOWN).append(". API: <a href=\"/v1/jobs\">/v1/jobs</a> · ")
        .append("<a href=\"/q/openapi\">OpenAPI</a> · <a href=\"/q/health\">health</a> · ")
        .append("<a href=\"/q/metrics\">metrics</a></p>")
        .append("<table><thead><tr><th>job</th><th>state</th><th>progress</th><th>created</th>")
        .append("<th>error</th></tr></thead><tbody>");
    for (JobRow job : page.jobs()) {
      html.append("<tr><td><a href=\"/v1/jobs/").append(job.id()).append("\">").append(job.id())
          .append("</a></td><td>").append(job.state())
          .append("</td><td>").append(job.framesDone()).append('/').append(job.framesTotal())
          .append("</td><td>").append(job.createdAt())
          .append("</td><td>").append(escape(job.error())).append("</td></tr>");
    }
    if (page.jobs().isEmpty()) {
      html.append("<tr><td colspan=\"5\">No jobs yet.</td></tr>");
    }
    return html.append("</tbody></table></body></html>").toString();
  }

  private static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
