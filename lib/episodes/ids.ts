/**
 * Episode ids say where the episode's data is, so export and review can open one without detecting episodes
 * again: `live~cCLUSTER~FROM~TO~HASH` (a range of one cluster's live recording; HASH tells apart episodes over the
 * same range), `live~FROM~TO~HASH` (the same in the unknown cluster 0: the lines of a store from before clusters
 * were recorded, so ids given out then still open what they opened) or `import~SOURCE` (an imported recording, whole).
 */
import type { EpochMs } from '../time';

/** `cluster` is absent for cluster 0. */
export type EpisodeLocation =
  | { kind: 'live'; from: EpochMs; to: EpochMs; cluster?: number }
  | { kind: 'import'; source: number };

export function liveEpisodeId(from: EpochMs, to: EpochMs, key: string): string {
  return `live~${from}~${to}~${hashKey(key)}`;
}

/** A live episode id (as liveEpisodeId gives) placed in a cluster's recording. */
export function inCluster(id: string, cluster: number): string {
  return cluster === 0 || !id.startsWith('live~') ? id : `live~c${cluster}~${id.slice('live~'.length)}`;
}

export function importEpisodeId(source: number): string {
  return `import~${source}`;
}

/** null when `id` is not an episode id. */
export function locateEpisode(id: string): EpisodeLocation | null {
  const live = /^live~(?:c(\d{1,9})~)?(\d+)~(\d+)~[0-9a-z]+$/.exec(id);
  if (live) {
    const cluster = live[1] === undefined ? 0 : Number(live[1]);
    return cluster === 0
      ? { kind: 'live', from: Number(live[2]), to: Number(live[3]) }
      : { kind: 'live', cluster, from: Number(live[2]), to: Number(live[3]) };
  }
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
