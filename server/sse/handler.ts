/**
 * `GET /api/stream` as a plain Web `Request → Response` function, so the Next route stays a one-liner and tests
 * and the benchmark run the very same code on a bare node:http server (./node-http.ts).
 */
import { parseTimelineFilter } from '@/lib/live/filters';
import type { HelloMessage } from '@/lib/live/protocol';
import type { TimelineHub } from '../hub/hub';
import { issuedEventId } from './frames';
import { SseSession } from './session';
import type { SseSessions } from './sessions';

export interface StreamSettings {
  retryMs: number;
  heartbeatMs: number;
  maxQueued: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = { retryMs: 3000, heartbeatMs: 15_000, maxQueued: 5000 };

export interface StreamContext {
  hub: TimelineHub;
  sessions: SseSessions;
  hello: () => HelloMessage;
  settings?: Partial<StreamSettings>;
}

export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform keeps compression middleware (Next's included) from buffering the stream.
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

export function handleStreamRequest(request: Request, context: StreamContext): Response {
  const settings = { ...DEFAULT_STREAM_SETTINGS, ...context.settings };
  if (context.sessions.draining) {
    return new Response('drainscope is shutting down\n', {
      status: 503,
      headers: { 'retry-after': String(Math.ceil(settings.retryMs / 1000)) },
    });
  }
  const url = new URL(request.url);
  const session = new SseSession({
    hub: context.hub,
    hello: context.hello(),
    filter: parseTimelineFilter(url.searchParams),
    // EventSource sends the header; a hand-made reconnect may pass it as a query parameter. Anything but an id a
    // drainscope server issues is ignored, not refused: EventSource never reconnects after a non-200 answer
    // (WHATWG HTML, "fail the connection"), so a 400 would leave the live view dead on a mangled id, while a
    // first-connection snapshot is always a correct answer. Nothing of an ignored id reaches the stream.
    lastEventId: issuedEventId(request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId')),
    signal: request.signal,
    retryMs: settings.retryMs,
    heartbeatMs: settings.heartbeatMs,
    maxQueued: settings.maxQueued,
  });
  context.sessions.add(session);
  return new Response(session.stream, { status: 200, headers: SSE_HEADERS });
}
