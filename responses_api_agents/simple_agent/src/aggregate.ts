/**
 * `/aggregate_metrics` of simple_agent: the resources server knows its own
 * metrics, so the request is proxied there; with verification skipped there
 * is nothing server-specific to add and the metrics are computed here.
 */
import type { ServerClient } from '@gym/client';
import { aggregateMetrics } from '@gym/metrics';
import type { AggregateMetricsRequest, AggregateMetricsResponse } from '@gym/schemas';
import { proxyAggregateMetrics } from '@gym/server';

export async function agentAggregateMetrics(
  body: AggregateMetricsRequest,
  client: ServerClient,
  opts: { resourcesServer: string; skipVerification: boolean },
): Promise<AggregateMetricsResponse> {
  if (opts.skipVerification) return aggregateMetrics(body.verify_responses);
  return proxyAggregateMetrics(client, opts.resourcesServer, body);
}
