/**
 * Writing one line into `lines`, for the live store and imports alike. `object` stands for the line's object in the
 * index a replay uses to find each object's last line before a range (./lines.ts `prologueRows`): a 53-bit hash of
 * its uid instead of the uid itself. Indexed as text, the uid made that index the costliest part of a write (every
 * group commit rewrote most of its pages; `npm run bench:store`). Two uids that share a hash cost a comparison of
 * the uid, never a wrong line. Events get none: a replay never starts from an event.
 */
import type { LineColumns } from './columns';
import type { Db } from './schema';

/** The `object` column of a line: a hash of its uid, or null for events, watch states and lines without a uid. */
export function objectKeyOf(kind: string, uid: string | null): number | null {
  if (uid === null || kind === 'Event' || kind.startsWith('watch:')) return null;
  return objectKey(uid);
}

/** A 53-bit hash of a uid (two 32-bit FNV-1a style lanes with different multipliers), a safe JavaScript integer. */
export function objectKey(uid: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  for (let index = 0; index < uid.length; index++) {
    const code = uid.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
  }
  h2 ^= h2 >>> 15;
  h1 ^= h1 >>> 13;
  return (h2 >>> 11) * 0x100000000 + (h1 >>> 0);
}

/** Inserts one line under `source`; returns its id. */
export type LineInsert = (source: number, columns: LineColumns, line: string) => number;

export function lineInsert(db: Db): LineInsert {
  const insert = db.prepare(
    'INSERT INTO lines (source, at, kind, namespace, uid, object, pod_uid, term, workload, node, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return (source, c, line) =>
    Number(
      insert.run(
        source,
        c.at,
        c.kind,
        c.namespace,
        c.uid,
        objectKeyOf(c.kind, c.uid),
        c.podUid,
        c.term,
        c.workload,
        c.node,
        line,
      ).lastInsertRowid,
    );
}
