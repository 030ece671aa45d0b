package dev.avatar4d.gateway.maintenance;

/**
 * One record of the dead-letter topic, as far as re-drive cares: the job it names (the record key)
 * and what the worker said. The payload is not needed: a re-drive rebuilds the request from the
 * database, which also covers records whose payload was unreadable.
 *
 * @param key the record key, normally the job id
 * @param reason the {@code avatar4d-reason} header, null if absent
 * @param worker the {@code avatar4d-worker} header, null if absent
 */
public record DeadLetter(int partition, long offset, String key, String reason, String worker) {}
