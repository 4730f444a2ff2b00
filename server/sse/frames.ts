/**
 * Server-Sent Events framing (WHATWG HTML §9.2). Every data line is one JSON text (JSON.stringify never emits a
 * newline), ids are `${epoch}-${seq}` so an id from another server process is recognisably foreign.
 */
import type { LiveMessage } from '@/lib/live/protocol';

export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}-${seq}`;
}

export function parseEventId(id: string | null | undefined): { epoch: string; seq: number } | null {
  const match = /^([0-9a-f]+)-(\d+)$/.exec(id?.trim() ?? '');
  if (!match?.[1] || !match[2]) return null;
  const seq = Number(match[2]);
  return Number.isSafeInteger(seq) ? { epoch: match[1], seq } : null;
}

/** An `id:` line with an empty value is valid: it resets the client's last event id. */
export function formatMessage(message: LiveMessage, id: string): string {
  return `id: ${id}\nevent: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

export function formatRetry(retryMs: number): string {
  return `retry: ${Math.max(0, Math.round(retryMs))}\n\n`;
}

/** A comment line: ignored by EventSource, but it keeps proxies and load balancers from timing the stream out. */
export function formatComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
