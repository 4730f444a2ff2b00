/**
 * The simulated Kubernetes apiserver over plain HTTP: authentication, routing, discovery, resources and the admin
 * API. kubectl and @kubernetes/client-node talk to it as to a real cluster.
 *
 *   const api = createSimApiServer({ store, control, clock, token: 'secret' });
 *   const { url } = await api.listen(0);   // port 0: any free port on 127.0.0.1
 *   ...
 *   await api.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SimClock } from '../clock';
import type { ClusterControl } from '../control';
import type { ObjectStore } from '../object-store';
import { handleAdmin } from './admin';
import { namespaceObject } from './namespaces';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery';
import { WatchEventEncoder } from './encoding';
import { SimFaults, type WatchConnection } from './faults';
import { handleResource, type HandlerContext } from './handlers';
import { parseRoute, type Route } from './paths';
import { failureStatus, methodNotAllowed, sendJson, sendStatus, StatusError, unauthorized } from './status';
import type { WatchSettings } from './watch-stream';

export interface SimApiServerOptions {
  store: ObjectStore;
  control: ClusterControl;
  clock: SimClock;
  /** When set, every request needs `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** Shared fault switchboard; one is created on the store when absent. */
  faults?: SimFaults;
  watch?: Partial<WatchSettings>;
  /**
   * Serve HTTPS with this key and certificate. kubectl (client-go `clientcmd`) only sends a kubeconfig's bearer
   * token over TLS, so a token-protected server needs TLS for kubectl; @kubernetes/client-node sends it over HTTP too.
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface SimApiServer {
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  readonly faults: SimFaults;
}

/** The real apiserver's defaults: bookmarks about once a minute, watches closed after 30–60 min (--min-request-timeout). */
export const defaultWatchSettings: WatchSettings = {
  bookmarkIntervalMs: 60_000,
  defaultTimeoutMs: { min: 30 * 60_000, max: 60 * 60_000 },
  maxBufferedBytes: 16 * 1024 * 1024,
};

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  return token === undefined || req.headers.authorization === `Bearer ${token}`;
}

function discovery(route: Route, req: IncomingMessage): unknown {
  switch (route.kind) {
    case 'version':
      return versionInfo();
    case 'apiVersions':
      return apiVersions(req.socket.localAddress ? `${req.socket.localAddress}:${req.socket.localPort}` : '127.0.0.1');
    case 'apiGroupList':
      return apiGroupList();
    case 'apiGroup':
      return apiGroup(route.group);
    case 'resourceList':
      return apiResourceList(route.group, route.version);
    default:
      return undefined;
  }
}

const pathNotFound = new StatusError({
  code: 404,
  reason: 'NotFound',
  message: 'the server could not find the requested resource',
  details: {},
});

export function createSimApiServer(options: SimApiServerOptions): SimApiServer {
  const faults = options.faults ?? new SimFaults(options.store);
  const open = new Set<WatchConnection>();
  const context: HandlerContext = {
    store: options.store,
    control: options.control,
    clock: options.clock,
    faults,
    encoder: new WatchEventEncoder(() => options.clock.now()),
    settings: { ...defaultWatchSettings, ...options.watch },
    open,
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const parsed = parseRoute(url.pathname);
    if (parsed.kind === 'admin') return handleAdmin(req, res, parsed.segments, faults, url.searchParams);
    if (parsed.kind === 'resource') return handleResource(req, res, parsed, context, url.searchParams);
    if (parsed.kind === 'notFound') throw pathNotFound;
    if (req.method !== 'GET') throw methodNotAllowed();
    if (parsed.kind === 'namespace') return sendJson(res, 200, namespaceObject(options.store, parsed.name));
    const document = discovery(parsed, req);
    if (document === undefined) throw pathNotFound;
    sendJson(res, 200, document);
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!authorized(req, options.token)) {
      sendStatus(res, unauthorized());
      return;
    }
    route(req, res).catch((error: unknown) => {
      const status =
        error instanceof StatusError
          ? error.status
          : { code: 500, reason: 'InternalError' as const, message: `Internal error occurred: ${String(error)}` };
      if (!res.headersSent) sendJson(res, status.code, failureStatus(status));
      else res.destroy();
    });
  };
  const server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, handle)
    : createServer(handle);
  const scheme = options.tls ? 'https' : 'http';
  // Watches are long-lived; keep-alive sockets must not outlive close().
  server.keepAliveTimeout = 5_000;

  return {
    faults,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, url: `${scheme}://${host}:${address.port}` });
        });
      });
    },
    close() {
      for (const connection of [...open]) connection.drop();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
