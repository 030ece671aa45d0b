/**
 * Signed webhooks (issue 5). A submission may carry a {@code webhook} part; the subscription is
 * stored with the job ({@link dev.avatar4d.gateway.webhooks.WebhookOutbox}), and every job change
 * that a subscription asks for adds a delivery row in the transaction that makes the change. The
 * {@link dev.avatar4d.gateway.webhooks.WebhookDispatcher} sends due rows, signed the Standard
 * Webhooks way ({@link dev.avatar4d.gateway.webhooks.WebhookSignature}) with the tenant's secret
 * ({@link dev.avatar4d.gateway.webhooks.WebhookSecrets}), and retries with capped exponential
 * backoff and full jitter ({@link dev.avatar4d.gateway.webhooks.RetryPolicy}).
 *
 * <p>Choices where the design was silent: REQUEUED sends nothing (the next {@code job.started} says
 * the job runs again); every applied PROGRESS event is its own delivery (no coalescing); 410 Gone
 * ends a delivery at once; a 3xx is a failed attempt (redirects are not followed); {@code
 * Retry-After} in seconds raises the next wait up to {@code max-backoff}; URLs are checked against
 * private address ranges at submit and again before every attempt ({@link
 * dev.avatar4d.gateway.webhooks.WebhookUrlGuard}).
 */
package dev.avatar4d.gateway.webhooks;
