/**
 * The simulator's admin API under `/_sim/` (same bearer token as the Kubernetes API), so that tests and tools in
 * another process can inject faults:
 *   GET  /_sim/faults                                   → counters
 *   POST /_sim/faults/drop-watches | hang-watches | release-watches | restart | reset
 *   POST /_sim/faults/expire-next-watch?count=N | fail-lists?count=N | slow-lists?ms=N
 *   POST /_sim/faults/forbid?resource=R | allow?resource=R    (RBAC: reads of R answer 403 Forbidden)
 * Every answer is the counters after the change.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimFaults } from './faults';
import { badRequest, methodNotAllowed, notFound, sendJson } from './status';

function count(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name}: must be a non-negative integer`);
  return Number(raw);
}

function resourceName(query: URLSearchParams): string {
  const raw = query.get('resource') ?? '';
  if (!/^[a-z]+$/.test(raw)) throw badRequest('resource: a plural resource name such as endpointslices');
  return raw;
}

const actions: Record<string, (faults: SimFaults, query: URLSearchParams) => void> = {
  'drop-watches': (faults) => void faults.dropWatches(),
  'hang-watches': (faults) => faults.hangWatches(),
  'release-watches': (faults) => faults.releaseWatches(),
  restart: (faults) => faults.restartWithHistoryLost(),
  reset: (faults) => faults.reset(),
  'expire-next-watch': (faults, query) => faults.expireNextWatches(count(query, 'count', 1)),
  'fail-lists': (faults, query) => faults.failNextLists(count(query, 'count', 1)),
  'slow-lists': (faults, query) => faults.delayLists(count(query, 'ms', 0)),
  forbid: (faults, query) => faults.forbid(resourceName(query)),
  allow: (faults, query) => faults.allow(resourceName(query)),
};

export function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  segments: string[],
  faults: SimFaults,
  query: URLSearchParams,
): void {
  const [area, action, ...extra] = segments;
  if (area !== 'faults' || extra.length > 0) throw notFound('_sim', segments.join('/'));
  if (action === undefined) {
    if (req.method !== 'GET') throw methodNotAllowed();
    sendJson(res, 200, faults.counters());
    return;
  }
  const run = actions[action];
  if (!run) throw notFound('faults', action);
  if (req.method !== 'POST') throw methodNotAllowed();
  run(faults, query);
  sendJson(res, 200, faults.counters());
}
