/**
 * Server-Sent Events framing (WHATWG HTML §9.2). Every data line is one JSON text (JSON.stringify never emits a
 * newline), ids are `${epoch}-${seq}` so an id from another server process is recognisably foreign.
 */
import type { LiveMessage } from '@/lib/live/protocol';
import type { PodTimeline } from '@/lib/timeline/types';

export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}-${seq}`;
}

/**
 * Exactly what formatEventId writes for a hub (epoch: 4 random bytes in hex, see ../hub/hub.ts; seq: a decimal
 * without leading zeros), so `Last-Event-ID` can only ever name an id some drainscope process issued. Nothing else
 * is read, trimmed or repaired: the id is echoed back in an `id:` line, and a CR or LF there would end that line
 * and let the client's text write frames of its own into the stream.
 */
const ISSUED_EVENT_ID = /^([0-9a-f]{8})-(0|[1-9][0-9]{0,15})$/;

export function parseEventId(id: string | null | undefined): { epoch: string; seq: number } | null {
  const match = typeof id === 'string' ? ISSUED_EVENT_ID.exec(id) : null;
  if (!match?.[1] || !match[2]) return null;
  const seq = Number(match[2]);
  return Number.isSafeInteger(seq) ? { epoch: match[1], seq } : null;
}

/** The id as this server would have written it, or null when it is not one a drainscope server issues. */
export function issuedEventId(id: string | null | undefined): string | null {
  const parsed = parseEventId(id);
  return parsed ? formatEventId(parsed.epoch, parsed.seq) : null;
}

/**
 * A pod's timeline as JSON, written once per timeline: the hub replaces a pod's timeline on every change and never
 * changes one in place, so the text of one stays true. The live page's seed (../live/page-seed.ts) holds every pod
 * and its stream's updates one at a time: a pod that did not change since it was last sent is not serialized again
 * (at 10,000 pods the seed's text is ~14 MB).
 */
const podTexts = new WeakMap<PodTimeline, string>();

export function podJson(pod: PodTimeline): string {
  let text = podTexts.get(pod);
  if (text === undefined) {
    text = JSON.stringify(pod);
    podTexts.set(pod, text);
  }
  return text;
}

function messageJson(message: LiveMessage): string {
  // The hub's own shape, `{ type, pod }`: anything else is written whole.
  if (message.type === 'timeline' && Object.keys(message).length === 2)
    return `{"type":"timeline","pod":${podJson(message.pod)}}`;
  return JSON.stringify(message);
}

/** An `id:` line with an empty value is valid: it resets the client's last event id. */
export function formatMessage(message: LiveMessage, id: string): string {
  return `id: ${id}\nevent: ${message.type}\ndata: ${messageJson(message)}\n\n`;
}

export function formatRetry(retryMs: number): string {
  return `retry: ${Math.max(0, Math.round(retryMs))}\n\n`;
}

/** A comment line: ignored by EventSource, but it keeps proxies and load balancers from timing the stream out. */
export function formatComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
