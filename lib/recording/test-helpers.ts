/** Builders shared by the recording reader's tests. Web-standard APIs only, so lint's lib/ rules hold here too. */
import { formatHeaderLine, formatObservationLine, formatWatchStateLine } from './writer';

export const T0 = Date.UTC(2026, 10, 24, 4, 25, 0, 0);

export const HEADER = formatHeaderLine({
  startedAt: '2026-11-24T04:25:00.000Z',
  cluster: 'prod-eu-1',
  scope: { namespaces: ['shop'], labelSelector: null },
});

export function pod(uid: string, name = `web-${uid}`): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { uid, name, namespace: 'shop' },
    spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 30, containers: [{ name: 'app' }] },
    status: { phase: 'Running' },
  };
}

export function podLine(offsetMs: number, uid: string, type: 'ADDED' | 'MODIFIED' | 'DELETED' = 'ADDED'): string {
  return formatObservationLine(T0 + offsetMs, type, pod(uid));
}

export function watchLine(offsetMs: number, state: 'connected' | 'disconnected' | 'relisted' = 'disconnected'): string {
  return formatWatchStateLine(T0 + offsetMs, 'pods', state, 'EOF');
}

export function lines(...text: string[]): string {
  return text.map((line) => `${line}\n`).join('');
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Feeds `bytes` in chunks of `size` bytes, like a stream with an unlucky buffer size. */
export async function* chunked(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.slice(offset, offset + size);
}

/** Feeds the given pieces as they are, to place chunk boundaries exactly. */
export async function* pieces(...parts: Uint8Array[]): AsyncGenerator<Uint8Array, void, undefined> {
  for (const part of parts) yield part;
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

/** Deterministic pseudo-random bytes (mulberry32), so a failing test fails the same way every time. */
export function pseudoRandomBytes(length: number, seed = 42): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}
