/**
 * Object storage for Avatar4D over the MinIO Java SDK (the only S3 client in the project).
 *
 * <ul>
 *   <li>{@link dev.avatar4d.storage.ObjectStore}: put/get/list/delete, presigned GET URLs.
 *   <li>{@link dev.avatar4d.storage.JobKeys}: the object layout, in one place.
 *   <li>{@link dev.avatar4d.storage.ManifestStore}: {@code manifest.json} as protocol JSON.
 *   <li>{@link dev.avatar4d.storage.EmbeddedS3Server}: S3Proxy on a directory for local runs; needs
 *       {@code org.gaul:s3proxy} on the classpath (an optional dependency here).
 * </ul>
 */
package dev.avatar4d.storage;
