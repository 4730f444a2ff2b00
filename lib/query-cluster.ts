/**
 * Which cluster's history a URL asks for (`?cluster=`): the one reader for the history routes and page, in the
 * manner of ./query-time.ts. A cluster is named by the id the store gave it (listed by `GET /api/episodes` as
 * `clusters`): 0 is the unknown cluster (lines recorded before clusters were), 1 and up are clusters drainscope
 * watched. The id rather than the context name, because two clusters may share one (kubeadm's
 * `kubernetes-admin@kubernetes`), and a context may be renamed.
 */
export type QueryCluster = { ok: true; id: number } | { ok: false; problem: string };

/** Ids are SQLite row ids given one per cluster ever watched: nine digits is far more than any store holds. */
const CLUSTER_ID = /^(0|[1-9]\d{0,8})$/;

/** Reads one cluster id; `problem` says what was wrong without the parameter's name (the caller adds it). */
export function parseQueryCluster(value: string): QueryCluster {
  if (CLUSTER_ID.test(value)) return { ok: true, id: Number(value) };
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value).replace(/[^\x20-\x7e]/g, '?');
  const why =
    value === ''
      ? 'it is empty'
      : /^\d+$/.test(value)
        ? 'too many digits'
        : 'a cluster is named by its number, not its context name (two clusters may share one)';
  return {
    ok: false,
    problem: `must be a cluster id as GET /api/episodes lists them (0, 1, 2, ...); got ${shown}: ${why}`,
  };
}
