/**
 * One watch request, served as the real apiserver does (apiserver `endpoints/handlers/watch.go` and the cacher's
 * `cache_watcher.go`): HTTP 200, chunked newline-delimited JSON events, selectors applied to the old and new state
 * of each change, an expired resourceVersion answered in-band with an ERROR event, optional BOOKMARKs, and a
 * server-side close after the timeout. A client that does not read is cut once its buffered bytes pass a limit.
 */
import type { ServerResponse } from 'node:http';
import { ResourceVersionExpiredError, type ApiObject, type ObjectStore, type StoreEvent } from '../object-store';
import { encodeLine, type WatchEventEncoder, type WireFormat } from './encoding';
import type { SimFaults, WatchConnection } from './faults';
import { apiVersionOf, type ServedResource } from './resources';
import { failureStatus } from './status';

export interface WatchSettings {
  bookmarkIntervalMs: number;
  /** Used when the request has no timeoutSeconds: a uniform random value in [min, max]. */
  defaultTimeoutMs: { min: number; max: number };
  maxBufferedBytes: number;
}

export interface WatchRequest {
  resource: ServedResource;
  /** True when the served view of an object (namespace, label and field selectors) matches. */
  matches: (view: ApiObject) => boolean;
  /** undefined: send the current state as ADDED first; a number: changes after it. */
  sinceResourceVersion: number | undefined;
  format: WireFormat;
  bookmarks: boolean;
  timeoutMs: number | undefined;
}

export interface WatchContext {
  store: ObjectStore;
  encoder: WatchEventEncoder;
  faults: SimFaults;
  settings: WatchSettings;
  /** Every live stream, so that closing the server ends them. */
  open: Set<WatchConnection>;
}

function expiredLine(message: string): Buffer {
  return encodeLine('ERROR', failureStatus({ code: 410, reason: 'Expired', message }));
}

export function serveWatch(res: ServerResponse, request: WatchRequest, context: WatchContext): void {
  const { store, encoder, faults, settings } = context;
  const { resource, format } = request;
  const contentType = format.kind === 'table' ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json';
  res.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  if (faults.takeExpiredWatch()) {
    const requested = request.sinceResourceVersion ?? store.currentResourceVersion;
    res.end(expiredLine(`too old resource version: ${requested} (${store.currentResourceVersion})`));
    return;
  }

  let closed = false;
  let hung = false;
  let endWhenReleased = false;
  // Invariant: `held` is non-empty only while hung; its bytes count towards the buffered-bytes limit.
  let held: Buffer[] = [];
  let heldBytes = 0;
  let lastResourceVersion = request.sinceResourceVersion ?? store.currentResourceVersion;
  const timers: ReturnType<typeof setTimeout>[] = [];
  let unsubscribe: () => void = () => undefined;
  let unregister: () => void = () => undefined;

  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    unregister();
    context.open.delete(connection);
    for (const timer of timers) clearTimeout(timer);
    held = [];
    heldBytes = 0;
  };

  const end = (): void => {
    if (closed) return;
    if (hung) {
      endWhenReleased = true;
      return;
    }
    cleanup();
    res.end();
  };

  const drop = (): void => {
    cleanup();
    res.socket?.destroy();
    res.destroy();
  };

  const send = (bytes: Buffer): void => {
    if (closed) return;
    if (hung) {
      held.push(bytes);
      heldBytes += bytes.length;
    } else {
      res.write(bytes);
    }
    if (res.writableLength + heldBytes > settings.maxBufferedBytes) {
      faults.noteWatchCut();
      drop();
    }
  };

  const connection: WatchConnection = {
    drop,
    setHung(value) {
      hung = value;
      if (value || closed) return;
      const pending = held;
      held = [];
      heldBytes = 0;
      for (const bytes of pending) send(bytes);
      if (endWhenReleased) end();
    },
  };
  context.open.add(connection);
  unregister = faults.register(connection);
  res.on('close', cleanup);

  const passes = (stored: ApiObject | undefined): boolean =>
    stored !== undefined && request.matches(encoder.view(resource, stored));

  const onEvent = (event: StoreEvent): void => {
    lastResourceVersion = event.resourceVersion;
    const now = event.type !== 'DELETED' && passes(event.object);
    const before = passes(event.previousObject);
    if (now) {
      send(encoder.line(event, resource, before ? 'MODIFIED' : 'ADDED', event.object, format));
    } else if (before) {
      // Stopped matching (or deleted): the previous state with this change's resourceVersion, as the cacher sends.
      const previous =
        event.type === 'DELETED' ? event.object : withResourceVersion(event.previousObject!, event.resourceVersion);
      send(encoder.line(event, resource, 'DELETED', previous, format));
    }
  };

  if (request.sinceResourceVersion === undefined) {
    const { items } = store.list(resource.storage);
    for (const stored of items) if (passes(stored)) send(encoder.encode(resource, 'ADDED', stored, format));
  }
  try {
    unsubscribe = store.watch(resource.storage, request.sinceResourceVersion, onEvent);
  } catch (error) {
    if (!(error instanceof ResourceVersionExpiredError)) throw error;
    send(expiredLine(error.message));
    end();
    return;
  }
  if (closed) {
    unsubscribe();
    return;
  }

  if (request.bookmarks) {
    // Every event up to the store's current resourceVersion has been sent (or held) already: listeners run synchronously.
    const bookmark = (): void => {
      const metadata = { resourceVersion: String(Math.max(lastResourceVersion, store.currentResourceVersion)) };
      send(encodeLine('BOOKMARK', { kind: resource.kind, apiVersion: apiVersionOf(resource), metadata }));
    };
    timers.push(setInterval(bookmark, settings.bookmarkIntervalMs));
  }
  const { min, max } = settings.defaultTimeoutMs;
  timers.push(setTimeout(end, request.timeoutMs ?? min + Math.random() * (max - min)));
}

function withResourceVersion(object: ApiObject, resourceVersion: number): ApiObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(resourceVersion) } };
}
