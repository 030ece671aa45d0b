/**
 * The Avatar4D gateway. PostgreSQL is the source of truth; Kafka only carries requests, commands
 * and events. Packages, from the bottom up (no cycles, {@code ArchitectureTest}):
 *
 * <ul>
 *   <li>{@code config} (settings), {@code http} (RFC 9457 problem bodies), {@code db}
 *       (transactions), {@code metrics}, {@code background} (the gateway's daemon loops);
 *   <li>{@code outbox} (the transactional outbox and its Kafka relay), {@code jobs} (the job row
 *       and the one recorder of its transitions), {@code auth} (API keys, tenants, rate limits);
 *   <li>{@code submit} (submission checks and storage), {@code events} (the job-event consumer),
 *       {@code webhooks} (subscriptions, signed deliveries), {@code maintenance} (re-queues,
 *       sweeps, retention), {@code system} (workers, backlog, statistics), {@code health}
 *       (readiness checks);
 *   <li>{@code api} (every tenant {@code /v1/jobs/**} resource) and {@code admin} (every {@code
 *       /admin/v1/**} resource).
 * </ul>
 */
package dev.avatar4d.gateway;
