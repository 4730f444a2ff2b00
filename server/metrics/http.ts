/**
 * Serving the metrics: `GET /metrics` on the app's port (app/metrics/route.ts, behind the proxy's auth like every
 * page), and optionally on a port of its own (DRAINSCOPE_METRICS_PORT) for a Prometheus that scrapes the pod's
 * address while the dashboard stays on 127.0.0.1. That port serves nothing but /metrics, behind the same
 * credentials as the app when DRAINSCOPE_AUTH_TOKEN or DRAINSCOPE_BASIC_AUTH is set (a bearer token or basic auth
 * header: Prometheus sends no cookie). The exposition holds counts, durations and namespace and workload names:
 * no pod names, no object contents, no secret.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { challenge, isAuthorized, type AuthConfig } from '../security/auth';
import type { DrainscopeMetrics } from './metrics';

export async function metricsResponse(metrics: DrainscopeMetrics): Promise<Response> {
  const body = await metrics.render();
  return new Response(body, { headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' } });
}

export interface MetricsServerOptions {
  metrics: DrainscopeMetrics;
  port: number;
  host: string;
  auth: AuthConfig;
}

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this port serves GET /metrics only\n');
      return;
    }
    if (!isAuthorized(options.auth, { authorization: request.headers.authorization ?? null, cookieToken: null })) {
      response
        .writeHead(401, { 'www-authenticate': challenge(options.auth), 'content-type': 'text/plain' })
        .end('unauthorized\n');
      return;
    }
    options.metrics.render().then(
      (body) =>
        response
          .writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' })
          .end(request.method === 'HEAD' ? undefined : body),
      (error: unknown) =>
        response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const connectTo = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${connectTo.includes(':') ? `[${connectTo}]` : connectTo}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
