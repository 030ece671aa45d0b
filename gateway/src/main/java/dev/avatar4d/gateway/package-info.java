/**
 * The Avatar4D gateway: the HTTP API ({@code api}), submission checks and storage ({@code
 * submit}), the jobs table ({@code jobs}), the transactional outbox and its Kafka relay ({@code
 * outbox}), the job-event consumer ({@code events}), readiness checks ({@code health}) and
 * metrics ({@code metrics}). PostgreSQL is the source of truth; Kafka only carries requests,
 * commands and events.
 */
package dev.avatar4d.gateway;
