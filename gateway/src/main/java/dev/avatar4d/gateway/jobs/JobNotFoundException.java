package dev.avatar4d.gateway.jobs;

/** No job has the requested id. */
public class JobNotFoundException extends RuntimeException {
  public JobNotFoundException(String id) {
    super("no job with id " + id);
  }
}
