import { afterEach, describe, expect, it } from 'vitest';
import { NO_FILTER } from '@/lib/live/filters';
import { at, termination } from '@/lib/timeline/test-support';
import { TimelineHub } from '../hub/hub';
import { formatEventId, parseEventId, issuedEventId } from './frames';
import { SseSession } from './session';

let hub: TimelineHub;
afterEach(() => hub?.stop());

function session(options: { maxQueued?: number; signal?: AbortSignal } = {}): SseSession {
  hub = new TimelineHub({ now: () => at(100) });
  return new SseSession({
    hub,
    hello: {
      type: 'hello',
      protocol: 1,
      mode: 'cluster',
      cluster: 'kind',
      namespaces: null,
      labelSelector: null,
      allowanceSeconds: 2,
      notice: null,
      resumed: false,
    },
    filter: NO_FILTER,
    lastEventId: null,
    retryMs: 1000,
    heartbeatMs: 60_000,
    maxQueued: options.maxQueued ?? 100,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

describe('SseSession', () => {
  it('holds at most maxQueued pending deltas when nobody reads its stream', () => {
    const unread = session({ maxQueued: 20 });
    let largest = 0;
    for (let i = 0; i < 500; i += 1) {
      for (const entry of termination({ uid: `p${i}`, name: `web-${i}` })) hub.ingest(entry, '');
      hub.flush();
      largest = Math.max(largest, unread.queueSize);
    }
    expect(largest).toBeLessThanOrEqual(21);
    unread.close();
  });

  it('cleans up once, whichever of abort, cancel and close comes first', async () => {
    const controller = new AbortController();
    const target = session({ signal: controller.signal });
    let closes = 0;
    target.onClose(() => (closes += 1));
    expect(hub.listenerCount).toBe(1);
    controller.abort();
    await target.stream.cancel();
    target.close();
    await target.closed;
    expect(closes).toBe(1);
    expect(hub.listenerCount).toBe(0);
  });

  it('starts its stream with the retry hint, hello and a snapshot', async () => {
    const target = session();
    const reader = target.stream.getReader();
    const { value } = await reader.read();
    const text = new TextDecoder().decode(value);
    expect(text).toMatch(/^retry: 1000\n\nid: \nevent: hello\ndata: .*\n\nid: [0-9a-f]+-0\nevent: snapshot\n/s);
    target.close();
  });
});

describe('event ids', () => {
  it('round-trip epoch and sequence and refuse anything else', () => {
    expect(parseEventId(formatEventId('00c0ffee', 42))).toEqual({ epoch: '00c0ffee', seq: 42 });
    expect(parseEventId('00c0ffee-0')).toEqual({ epoch: '00c0ffee', seq: 0 });
    expect(parseEventId('42')).toBeNull();
    expect(parseEventId(null)).toBeNull();
  });

  it('read only the exact form a hub issues (tried: a line break after or before, spaces, upper case, 4 or 9 hex digits, leading zeros, past 2^53)', () => {
    for (const id of [
      '00c0ffee-1\n',
      '\n00c0ffee-1',
      ' 00c0ffee-1',
      '00c0ffee-1 ',
      '00C0FFEE-1',
      'ab12-1',
      '00c0ffee0-1',
      '00c0ffee-01',
      '00c0ffee-9007199254740993',
      '00c0ffee-1\nevent: shutdown',
      '00c0ffee--1',
    ]) {
      expect(parseEventId(id), JSON.stringify(id)).toBeNull();
      expect(issuedEventId(id), JSON.stringify(id)).toBeNull();
    }
    expect(issuedEventId('00c0ffee-7')).toBe('00c0ffee-7');
  });
});
