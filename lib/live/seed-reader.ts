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

export interface SeedReader {
  /** The next bytes of the response, cut anywhere (inside a line or a character). False once the seed is refused. */
  push(bytes: Uint8Array): boolean;
  /** The end of the response: the seed, or null when it was refused or is not whole. */
  end(): LiveSeed | null;
}

export function createSeedReader(): SeedReader {
  const decoder = new TextDecoder();
  let pending = '';
  let header: SeedHeader | null = null;
  const pods: LiveSeed['snapshot']['pods'] = [];
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
    return true;
  };

  const readLines = (text: string): boolean => {
    // A line of pods arrives in many pieces: only the new piece can hold its end.
    let newline = text.indexOf('\n');
    if (newline >= 0) newline += pending.length;
    pending += text;
    for (; newline >= 0; newline = pending.indexOf('\n')) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (!readLine(line)) return false;
    }
    return true;
  };

  return {
    push(bytes) {
      if (!refused && !readLines(decoder.decode(bytes, { stream: true }))) refused = true;
      return !refused;
    },
    end() {
      if (refused || !readLines(decoder.decode()) || pending !== '' || header === null) return null;
      if (pods.length !== header.pods) return null;
      const { hello, eventId, snapshot } = header;
      return { hello, eventId, snapshot: { ...snapshot, pods } };
    },
  };
}
