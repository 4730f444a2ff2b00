/**
 * A minimal HTTP server for tests of the client-node paths: each test decides how lists and watches answer,
 * including the misbehaviours (hangs, ERROR events kept open, 403s). `close()` also destroys open sockets.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeHandler = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => void;

export interface FakeApiServer {
  url: string;
  requests: URL[];
  close(): Promise<void>;
}

export async function startFakeApiServer(handler: FakeHandler): Promise<FakeApiServer> {
  const sockets = new Set<Socket>();
  const requests: URL[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url);
    handler(request, response, url);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Starts a chunked watch response; write events with `writeWatchEvent`. */
export function openWatchResponse(response: http.ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  response.flushHeaders();
}

export function writeWatchEvent(response: http.ServerResponse, type: string, object: unknown): void {
  response.write(`${JSON.stringify({ type, object })}\n`);
}

export function samplePod(
  overrides: { name?: string; uid?: string; resourceVersion?: string; deletionTimestamp?: string } = {},
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: overrides.name ?? 'web-1',
      namespace: 'shop',
      uid: overrides.uid ?? 'uid-web-1',
      resourceVersion: overrides.resourceVersion ?? '100',
      creationTimestamp: '2026-11-24T04:20:00Z',
      labels: { app: 'web' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9c', uid: 'rs-1', controller: true }],
      ...(overrides.deletionTimestamp
        ? { deletionTimestamp: overrides.deletionTimestamp, deletionGracePeriodSeconds: 30 }
        : {}),
    },
    spec: {
      nodeName: 'worker-1',
      terminationGracePeriodSeconds: 30,
      containers: [{ name: 'app', image: 'shop/web:1', lifecycle: { preStop: { sleep: { seconds: 5 } } } }],
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.7',
      startTime: '2026-11-24T04:20:01Z',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-24T04:20:05Z' }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-24T04:20:03Z' } } },
      ],
    },
  };
}
