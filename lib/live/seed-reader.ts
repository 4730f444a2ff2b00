/**
 * The live page's seed (`GET /api/stream/seed`, written by server/live/page-seed.ts) read as it arrives. It is
 * newline-delimited JSON: a header line (the hello, the event id, the snapshot without its pods, and how many pods
 * follow), then lines of pods, each a JSON array of a slice of them. Each line is parsed and checked with the
 * stream's own schemas as soon as it is complete, so reading and checking run while the rest is still on its way
 * (read whole, a 10,000-pod seed was parsed and checked only after its last byte: ~1 s of the page's main thread
 * then, measured). A seed is accepted only whole: a line that does not check, fewer or more pods than the header
 * announced, or text after the last line, and the page starts from the stream's own snapshot instead.
 */
import { z } from 'zod';
import { helloMessageSchema, podTimelineSchema, snapshotMessageSchema } from './protocol';
import type { LiveSeed } from './live-view-state';

export const SEED_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

const seedHeaderSchema = z.object({
  hello: helloMessageSchema,
  eventId: z.string(),
  snapshot: snapshotMessageSchema.omit({ pods: true }),
  /** How many pods the lines after the header hold, all together. */
  pods: z.number().int().nonnegative(),
});

export type SeedHeader = z.infer<typeof seedHeaderSchema>;

const podSliceSchema = z.array(podTimelineSchema);

/** The seed as far as it has been read: the header's, and the pods of the lines read so far. */
export interface PartialSeed {
  seed: LiveSeed;
  /** How many pods the whole seed holds (the header's count). */
  total: number;
}

export interface SeedReader {
  /** The next bytes of the response, cut anywhere (inside a line or a character). False once the seed is refused. */
  push(bytes: Uint8Array): boolean;
  /**
   * What has been read and checked so far, once the header is in (else null, and null once refused). The page draws
   * its first screen from it: the server sends the first screen's pods first (lib/view/seed-order.ts). It is not
   * the seed: only `end()` says the whole seed was there.
   */
  partial(): PartialSeed | null;
  /** Reads the lines held back after the first line of pods (`holdAfterFirstPods`). False once the seed is refused. */
  release(): boolean;
  /** The end of the response: the seed, or null when it was refused or is not whole. */
  end(): LiveSeed | null;
}

export interface SeedReaderOptions {
  /**
   * Stop reading after the first line of pods until `release()`, however much has arrived: the page draws its first
   * screen from that line before it spends its time on the rest (at 1,000 pods the whole seed is often in before the
   * page's scripts run).
   */
  holdAfterFirstPods?: boolean;
}

export function createSeedReader(options: SeedReaderOptions = {}): SeedReader {
  const decoder = new TextDecoder();
  let pending = '';
  // `pending` holds no line end before this index: a line of pods arrives in many pieces, and only the new piece
  // can hold its end.
  let scanned = 0;
  let header: SeedHeader | null = null;
  const pods: LiveSeed['snapshot']['pods'] = [];
  let podLines = 0;
  let holding = options.holdAfterFirstPods === true;
  let refused = false;

  const readLine = (line: string): boolean => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return false;
    }
    if (header === null) {
      const parsed = seedHeaderSchema.safeParse(value);
      if (!parsed.success) return false;
      header = parsed.data;
      return true;
    }
    const slice = podSliceSchema.safeParse(value);
    if (!slice.success || pods.length + slice.data.length > header.pods) return false;
    for (const pod of slice.data) pods.push(pod);
    podLines += 1;
    return true;
  };

  const readLines = (): boolean => {
    while (!(holding && podLines > 0)) {
      const newline = pending.indexOf('\n', scanned);
      if (newline < 0) {
        scanned = pending.length;
        return true;
      }
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      scanned = 0;
      if (!readLine(line)) return false;
    }
    return true;
  };

  const read = (text: string): boolean => {
    pending += text;
    if (!refused && !readLines()) refused = true;
    return !refused;
  };

  return {
    partial() {
      if (refused || header === null) return null;
      const { hello, eventId, snapshot } = header;
      return { seed: { hello, eventId, snapshot: { ...snapshot, pods: pods.slice() } }, total: header.pods };
    },
    push(bytes) {
      return read(decoder.decode(bytes, { stream: true }));
    },
    release() {
      holding = false;
      return read('');
    },
    end() {
      holding = false;
      if (!read(decoder.decode()) || pending !== '' || header === null) return null;
      if (pods.length !== header.pods) return null;
      const { hello, eventId, snapshot } = header;
      return { hello, eventId, snapshot: { ...snapshot, pods } };
    },
  };
}

/**
 * Reads a seed's body to its end (`SeedReader`), calling `onFirstLines` once with the seed as far as it goes when
 * its first line of pods is read and more are to come: the server sends the first screen's pods first, so the page
 * can draw them before the rest. Reading waits for the promise `onFirstLines` returns: the rest of the body is often
 * in already, and reading it first would put its parsing before the first screen is drawn. Resolves with the whole
 * seed, or null when it was refused (the body is then cancelled) or could not be read.
 */
export async function readSeed(
  body: ReadableStream<Uint8Array>,
  onFirstLines: (partial: PartialSeed) => void | Promise<void>,
): Promise<LiveSeed | null> {
  const reader = createSeedReader({ holdAfterFirstPods: true });
  const bytes = body.getReader();
  let released = false;
  try {
    for (;;) {
      const { done, value } = await bytes.read();
      if (done) break;
      let readable = reader.push(value);
      const partial = released ? null : reader.partial();
      if (readable && partial && partial.seed.snapshot.pods.length > 0) {
        released = true;
        if (partial.seed.snapshot.pods.length < partial.total) await onFirstLines(partial);
        readable = reader.release();
      }
      if (!readable) {
        await bytes.cancel().catch(() => undefined);
        return null;
      }
    }
  } catch {
    return null;
  }
  return reader.end();
}
