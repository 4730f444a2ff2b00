/**
 * Which cluster a live line belongs to. Every cluster drainscope watches gets a row here the first time, and its
 * lines and timelines the source `-id` (./schema.ts): two clusters never share a history, whatever their
 * kubeconfig contexts are called.
 *
 * A cluster is known by the UID of its `kube-system` namespace (../kube/cluster-identity.ts): it differs between
 * clusters whose contexts share a name (every kubeadm cluster is `kubernetes-admin@kubernetes`) and survives a
 * renamed context or a moved API server. Where RBAC does not let drainscope read it, by its API server URL plus
 * the CA fingerprint (`endpoint`), which a renamed context keeps too. A cluster first seen by endpoint and later
 * by UID (the permission was added) keeps its history: the UID is adopted by the row with that endpoint and none.
 *
 * Source 0 is the "unknown cluster": the lines a store written before clusters were recorded holds. They stay
 * apart rather than being given to whatever cluster is watched next: that store may already mix several
 * clusters, and resuming them into the current one would bring back the very merge this table ends.
 */
import type { ClusterIdentity } from '../kube/cluster-identity';
import { LIVE_SOURCE, type Db } from './schema';

export interface StoredCluster {
  /** 0 for the unknown cluster; the `?cluster=` value of the history API. */
  id: number;
  /** The source its lines are stored under. */
  source: number;
  /** The kubeconfig context (or in-cluster server) it was last watched as; null for the unknown cluster. */
  name: string | null;
  uid: string | null;
  endpoint: string | null;
  lastSeen: number | null;
}

export const UNKNOWN_CLUSTER_NAME = 'unknown (before clusters were recorded)';

interface ClusterRow {
  id: number;
  uid: string | null;
  endpoint: string;
  name: string | null;
  last_seen: number;
}

export function sourceOfCluster(id: number): number {
  return id === 0 ? LIVE_SOURCE : -id;
}

export function clusterIdOfSource(source: number): number {
  return source === LIVE_SOURCE ? 0 : -source;
}

function stored(row: ClusterRow): StoredCluster {
  return {
    id: row.id,
    source: sourceOfCluster(row.id),
    name: row.name,
    uid: row.uid,
    endpoint: row.endpoint,
    lastSeen: row.last_seen,
  };
}

const UNKNOWN: StoredCluster = { id: 0, source: LIVE_SOURCE, name: null, uid: null, endpoint: null, lastSeen: null };

/** The row of the cluster with this identity, created when it is new; its name and last sighting updated. */
export function recordCluster(db: Db, identity: ClusterIdentity, name: string | null, now: number): StoredCluster {
  return db.transaction(() => {
    let row: ClusterRow | undefined;
    if (identity.uid !== null) {
      row = db.prepare('SELECT * FROM clusters WHERE uid = ?').get(identity.uid) as ClusterRow | undefined;
      row ??= db
        .prepare('SELECT * FROM clusters WHERE uid IS NULL AND endpoint = ? ORDER BY last_seen DESC LIMIT 1')
        .get(identity.endpoint) as ClusterRow | undefined;
    } else {
      // The UID could not be read: the last cluster seen at this endpoint (a cluster re-created behind the same URL
      // normally gets a new CA, so a new endpoint).
      row = db
        .prepare('SELECT * FROM clusters WHERE endpoint = ? ORDER BY last_seen DESC LIMIT 1')
        .get(identity.endpoint) as ClusterRow | undefined;
    }
    if (!row) {
      const id = Number(
        db
          .prepare('INSERT INTO clusters (uid, endpoint, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)')
          .run(identity.uid, identity.endpoint, name, now, now).lastInsertRowid,
      );
      return stored({ id, uid: identity.uid, endpoint: identity.endpoint, name, last_seen: now });
    }
    const uid = identity.uid ?? row.uid;
    db.prepare('UPDATE clusters SET uid = ?, endpoint = ?, name = ?, last_seen = ? WHERE id = ?').run(
      uid,
      identity.endpoint,
      name,
      now,
      row.id,
    );
    return stored({ id: row.id, uid, endpoint: identity.endpoint, name, last_seen: now });
  })();
}

/** Every recorded cluster, most recently seen first, then the unknown cluster when it holds lines. */
export function listClusters(db: Db): StoredCluster[] {
  const rows = (db.prepare('SELECT * FROM clusters ORDER BY last_seen DESC, id DESC').all() as ClusterRow[]).map(
    stored,
  );
  const unknownLines = db.prepare('SELECT 1 FROM lines WHERE source = ? LIMIT 1').get(LIVE_SOURCE) !== undefined;
  return unknownLines ? [...rows, UNKNOWN] : rows;
}

/** The cluster `id` names, or null when there is none. */
export function clusterById(db: Db, id: number): StoredCluster | null {
  if (id === 0) return UNKNOWN;
  const row = db.prepare('SELECT * FROM clusters WHERE id = ?').get(id) as ClusterRow | undefined;
  return row ? stored(row) : null;
}

/** The cluster whose live lines are stored under `liveSource` (./store.ts `useCluster`). */
export function currentCluster(db: Db, liveSource: number): StoredCluster {
  return clusterById(db, clusterIdOfSource(liveSource)) ?? UNKNOWN;
}

/** Every live source (each cluster's and the unknown one): what retention and the rebuild go through. */
export function liveSources(db: Db): number[] {
  return [
    LIVE_SOURCE,
    ...(db.prepare('SELECT id FROM clusters ORDER BY id').pluck().all() as number[]).map(sourceOfCluster),
  ];
}
