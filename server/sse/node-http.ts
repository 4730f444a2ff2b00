/**
 * Serves a Web `Request → Response` handler on node:http: for tests, the benchmark and the in-process simulator
 * setup, so they exercise the same handler the Next route uses. The request's signal aborts when the client goes
 * away; the body is written with backpressure (a slow reader stops the pulls).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export type WebHandler = (request: Request) => Response | Promise<Response>;

function toWebRequest(request: http.IncomingMessage, signal: AbortSignal): Request {
  const host = request.headers.host ?? 'localhost';
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(`http://${host}${request.url ?? '/'}`, {
    method: request.method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeBody(
  body: ReadableStream<Uint8Array>,
  response: http.ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || response.destroyed) break;
      if (!response.write(value))
        await new Promise<void>((resolve) => {
          const settle = () => {
            response.off('drain', settle);
            response.off('close', settle);
            resolve();
          };
          response.on('drain', settle);
          response.on('close', settle);
        });
    }
  } catch {
    // The client went away mid-stream; the abort signal has told the handler.
  } finally {
    signal.removeEventListener('abort', cancel);
    response.end();
  }
}

export function toNodeListener(handler: WebHandler): http.RequestListener {
  return (request, response) => {
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    Promise.resolve()
      .then(() => handler(toWebRequest(request, controller.signal)))
      .then(async (webResponse) => {
        response.statusCode = webResponse.status;
        webResponse.headers.forEach((value, name) => response.setHeader(name, value));
        response.flushHeaders();
        if (webResponse.body) await writeBody(webResponse.body, response, controller.signal);
        else response.end();
      })
      .catch((error: unknown) => {
        if (!response.headersSent) response.statusCode = 500;
        response.end(error instanceof Error ? error.message : String(error));
      });
  };
}

export interface ServedHandler {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function serveWebHandler(handler: WebHandler, host = '127.0.0.1'): Promise<ServedHandler> {
  const server = http.createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
