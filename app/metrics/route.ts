// Prometheus metrics (server/metrics): behind the same auth as every page (proxy.ts), so scrape it with the bearer
// token or basic auth the app is given. A separate port (DRAINSCOPE_METRICS_PORT) serves the same.
import { getLiveRuntime } from '@/server/live/singleton';
import { metricsResponse } from '@/server/metrics/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(): Promise<Response> {
  return metricsResponse((await getLiveRuntime()).metrics);
}
