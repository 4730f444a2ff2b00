/**
 * Episode ids say where the episode's data is, so export and review can open one without detecting episodes
 * again: `live~FROM~TO~HASH` (a range of the live recording; HASH tells apart episodes over the same range) or
 * `import~SOURCE` (an imported recording, whole).
 */
import type { EpochMs } from '../time';

export type EpisodeLocation = { kind: 'live'; from: EpochMs; to: EpochMs } | { kind: 'import'; source: number };

export function liveEpisodeId(from: EpochMs, to: EpochMs, key: string): string {
  return `live~${from}~${to}~${hashKey(key)}`;
}

export function importEpisodeId(source: number): string {
  return `import~${source}`;
}

/** null when `id` is not an episode id. */
export function locateEpisode(id: string): EpisodeLocation | null {
  const live = /^live~(\d+)~(\d+)~[0-9a-z]+$/.exec(id);
  if (live) return { kind: 'live', from: Number(live[1]), to: Number(live[2]) };
  const imported = /^import~(\d+)$/.exec(id);
  if (imported) return { kind: 'import', source: Number(imported[1]) };
  return null;
}

/** FNV-1a, base 36: short and stable; not for security. */
function hashKey(key: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
