/**
 * One watch request, read line by line, with a watchdog. Written on node:http(s) with client-node's own TLS and
 * auth options instead of client-node's `Watch`, because in 1.4 `Watch`:
 * - has no client-side timeout: a dead connection (no FIN, no RST) or a hung server is never noticed. Here any byte
 *   resets an idle timer; if nothing (not even a BOOKMARK) arrives for `idleTimeoutMs`, the request is destroyed.
 * - only hands back its AbortController after the response headers arrived, so a hung connect cannot be aborted.
 * - ignores an `ERROR` event: an apiserver may send `410 Expired` and keep the connection open. Here an ERROR
 *   event ends the watch at once.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export type WatchEnd =
  /** The server ended the stream after it was established (its timeout): resuming from the last resourceVersion loses nothing. */
  | { kind: 'closed'; detail: string }
  /**
   * The connection broke after the watch was established (reset, no final chunk). Resuming would lose no event, but
   * the events of the gap would arrive late and look observed on arrival: the reflector treats it as a blind window.
   */
  | { kind: 'dropped'; detail: string }
  | { kind: 'expired'; message: string }
  | { kind: 'failed'; statusCode: number | null; message: string }
  | { kind: 'idle'; idleMs: number }
  | { kind: 'stopped' };

export interface WatchStreamOptions {
  kubeConfig: KubeConfig;
  url: URL;
  idleTimeoutMs: number;
  /**
   * The silence bound once this stream has delivered a BOOKMARK (the server has shown it sends them), when that is
   * shorter than `idleTimeoutMs`; tightened further by the bookmark interval seen (`silenceLimit`). Unset:
   * `idleTimeoutMs` throughout.
   */
  bookmarkIdleTimeoutMs?: number;
  /** The largest interval between two bookmarks seen on earlier watches of this scope, if any. */
  bookmarkGapMs?: number | null;
  /** Each interval between two consecutive bookmarks of this stream, for the next watches' `bookmarkGapMs`. */
  onBookmarkGap?: (gapMs: number) => void;
  /** The server answered 200: the watch is established. */
  onOpen?: () => void;
  onEvent: (type: WatchEventType, object: unknown) => void;
  /** A line that is not a watch event (bad JSON, no type): skipped and reported, the stream goes on. */
  onMalformed?: (problem: string) => void;
}

export interface WatchStream {
  readonly done: Promise<WatchEnd>;
  stop(): void;
}

/** A watch line longer than this is refused (as the recording reader does) instead of growing the buffer. */
const MAX_BUFFERED_CHARS = 16 * 1024 * 1024;
const MAX_ERROR_BODY_CHARS = 64 * 1024;

interface StatusLike {
  code?: unknown;
  reason?: unknown;
  message?: unknown;
}

function statusMessage(status: StatusLike | null, fallback: string): string {
  if (status && typeof status.message === 'string' && status.message) return status.message;
  if (status && typeof status.reason === 'string' && status.reason) return status.reason;
  return fallback;
}

function parseStatus(text: string): StatusLike | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as StatusLike) : null;
  } catch {
    return null;
  }
}

/**
 * How long a watch that receives bookmarks may stay silent: past the interval the server sends them at (the largest
 * seen) by a quarter and 2 s of scheduling slack, a bookmark is missed and the watch is hung; never past `capMs`
 * (the user's bound). kube-apiserver sends them "roughly every minute" and 2 s before the watch's deadline
 * (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go, nextBookmarkTime): about 77 s here. Older
 * apiservers send only the deadline one; the learned interval is then long and `capMs` decides.
 */
export function silenceLimit(capMs: number, bookmarkGapMs: number | null | undefined): number {
  if (bookmarkGapMs === null || bookmarkGapMs === undefined) return capMs;
  return Math.min(capMs, Math.ceil(bookmarkGapMs * 1.25 + 2000));
}

export function openWatchStream(options: WatchStreamOptions): WatchStream {
  let finish: (end: WatchEnd) => void = () => undefined;
  const done = new Promise<WatchEnd>((resolve) => (finish = resolve));
  let ended = false;
  let request: http.ClientRequest | null = null;
  let opened = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimeoutMs = options.idleTimeoutMs;
  let lastBookmarkAt: number | null = null;
  let largestGap = options.bookmarkGapMs ?? null;

  const end = (result: WatchEnd): void => {
    if (ended) return;
    ended = true;
    clearTimeout(idleTimer);
    request?.destroy();
    finish(result);
  };
  const touch = (): void => {
    clearTimeout(idleTimer);
    const idleMs = idleTimeoutMs;
    idleTimer = setTimeout(() => end({ kind: 'idle', idleMs }), idleMs);
    idleTimer.unref?.();
  };

  const noteBookmark = (): void => {
    const at = Date.now();
    if (lastBookmarkAt !== null) {
      const gap = at - lastBookmarkAt;
      largestGap = Math.max(largestGap ?? 0, gap);
      options.onBookmarkGap?.(gap);
    }
    lastBookmarkAt = at;
    if (options.bookmarkIdleTimeoutMs === undefined) return;
    // Follows the largest interval seen (a longer one is evidence of a slower cadence, not of a hang: it arrived).
    const limit = Math.min(options.idleTimeoutMs, silenceLimit(options.bookmarkIdleTimeoutMs, largestGap));
    if (limit === idleTimeoutMs) return;
    idleTimeoutMs = limit;
    touch();
  };

  const handleLine = (line: string): void => {
    if (!line.trim()) return;
    const parsed = parseStatus(line) as { type?: unknown; object?: unknown } | null;
    if (!parsed || typeof parsed.type !== 'string') {
      options.onMalformed?.(`not a watch event: ${line.slice(0, 80)}`);
      return;
    }
    if (parsed.type === 'ERROR') {
      const status = (parsed.object ?? null) as StatusLike | null;
      const message = statusMessage(status, 'watch ERROR event');
      end(
        status?.code === 410
          ? { kind: 'expired', message }
          : { kind: 'failed', statusCode: typeof status?.code === 'number' ? status.code : null, message },
      );
      return;
    }
    if (parsed.type === 'BOOKMARK') noteBookmark();
    if (
      parsed.type === 'ADDED' ||
      parsed.type === 'MODIFIED' ||
      parsed.type === 'DELETED' ||
      parsed.type === 'BOOKMARK'
    ) {
      options.onEvent(parsed.type, parsed.object);
    }
  };

  const handleResponse = (response: http.IncomingMessage): void => {
    response.setEncoding('utf8');
    touch();
    if (response.statusCode !== 200) {
      let body = '';
      response.on('data', (chunk: string) => {
        if (body.length < MAX_ERROR_BODY_CHARS) body += chunk;
      });
      response.on('end', () => {
        const code = response.statusCode ?? 0;
        const message = statusMessage(parseStatus(body), http.STATUS_CODES[code] ?? 'error');
        end(code === 410 ? { kind: 'expired', message } : { kind: 'failed', statusCode: code, message });
      });
      response.on('error', (error) =>
        end({ kind: 'failed', statusCode: response.statusCode ?? null, message: error.message }),
      );
      return;
    }
    opened = true;
    options.onOpen?.();
    let buffer = '';
    response.on('data', (chunk: string) => {
      touch();
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0 && !ended) {
        handleLine(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      if (buffer.length > MAX_BUFFERED_CHARS) end({ kind: 'failed', statusCode: null, message: 'watch line too long' });
    });
    response.on('end', () => {
      if (buffer.trim()) handleLine(buffer);
      end({ kind: 'closed', detail: 'server ended the watch' });
    });
    response.on('error', (error) => end({ kind: 'dropped', detail: error.message }));
    response.on('close', () => end({ kind: 'dropped', detail: 'connection closed before the server ended the watch' }));
  };

  const start = async (): Promise<void> => {
    const requestOptions: https.RequestOptions = { method: 'GET', headers: {} };
    await options.kubeConfig.applyToHTTPSOptions(requestOptions);
    if (ended) return;
    const transport = options.url.protocol === 'https:' ? https : http;
    requestOptions.headers = { ...requestOptions.headers, Accept: 'application/json' };
    request = transport.request(options.url, requestOptions, handleResponse);
    request.on('error', (error) =>
      end(
        opened
          ? { kind: 'dropped', detail: error.message }
          : { kind: 'failed', statusCode: null, message: error.message },
      ),
    );
    touch();
    request.end();
  };
  start().catch((error: unknown) =>
    end({ kind: 'failed', statusCode: null, message: error instanceof Error ? error.message : String(error) }),
  );

  return { done, stop: () => end({ kind: 'stopped' }) };
}
