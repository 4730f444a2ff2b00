/**
 * A real HTTP client for event streams, for tests and the benchmark: it parses frames as they arrive, feeds them
 * to the browser's store code (lib/live/live-view-state.ts), and can stop reading to play a slow client.
 */
import http from 'node:http';
import { createLiveViewStateHolder, type LiveViewStateHolder } from '@/lib/live/live-view-state';
import type { SseEvent } from '@/lib/live/protocol';

export interface ReceivedEvent extends SseEvent {
  receivedAt: number;
}

export interface SseTestClient {
  readonly events: ReceivedEvent[];
  readonly comments: string[];
  readonly store: LiveViewStateHolder;
  readonly status: Promise<number>;
  /** The last id seen, as EventSource would send it in Last-Event-ID. */
  lastEventId(): string | null;
  waitFor(predicate: (events: ReceivedEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  pause(): void;
  resume(): void;
  close(): void;
  readonly ended: Promise<void>;
}

export interface ConnectSseOptions {
  lastEventId?: string | null;
  onEvent?: (event: ReceivedEvent) => void;
  /** False for load generators: skip the store (and its schema parsing) and keep no event list. */
  keep?: boolean;
}

export function connectSse(url: string, options: ConnectSseOptions = {}): SseTestClient {
  const keep = options.keep ?? true;
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  const store = createLiveViewStateHolder();
  const waiters = new Set<() => void>();
  let lastId: string | null = options.lastEventId ?? null;
  let response: http.IncomingMessage | null = null;
  let resolveStatus: (status: number) => void = () => undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));

  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
  const request = http.get(url, { headers, agent: false }, (res) => {
    response = res;
    resolveStatus(res.statusCode ?? 0);
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let boundary = buffer.indexOf('\n\n');
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        handleBlock(block);
        boundary = buffer.indexOf('\n\n');
      }
      for (const waiter of [...waiters]) waiter();
    });
    res.on('close', () => {
      resolveEnded();
      for (const waiter of [...waiters]) waiter();
    });
  });
  request.on('error', () => {
    resolveStatus(0);
    resolveEnded();
  });

  function handleBlock(block: string): void {
    const event: ReceivedEvent = { event: 'message', data: '', receivedAt: performance.now() };
    const data: string[] = [];
    let hasField = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') {
        event.id = value;
        lastId = value;
      } else if (field === 'event') event.event = value;
      else if (field === 'data') data.push(value);
      else continue;
      hasField = true;
    }
    if (!hasField || data.length === 0) return;
    event.data = data.join('\n');
    if (keep) {
      events.push(event);
      store.applyEvent(event);
    }
    options.onEvent?.(event);
  }

  return {
    events,
    comments,
    store,
    status,
    ended,
    lastEventId: () => lastId,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms; got ${events.map((event) => event.event).join(',')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    pause: () => (response as http.IncomingMessage | null)?.pause(),
    resume: () => (response as http.IncomingMessage | null)?.resume(),
    close: () => request.destroy(),
  };
}
