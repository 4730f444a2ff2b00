/**
 * The workload specs (lib/timeline/workload-spec.ts) of a stored range: the spec history of each Deployment from its
 * stored lines up to the range's end, keeping the last point before the range's start (that spec was in force at
 * the start). The materialised timelines hold pods only; Deployments are few and their lines read here by a
 * partial index on `kind`, so the cost follows the Deployments' lines, not the range's.
 */
import { parseLine } from '@/lib/recording/parse-line';
import type { WorkloadSpec } from '@/lib/timeline/types';
import {
  applyDeployment,
  createWorkloadSpecTracker,
  pruneWorkloadSpecs,
  workloadSpecs,
} from '@/lib/timeline/workload-spec';
import type { Db } from './schema';

export function workloadsInWindow(db: Db, range: { source: number; from: number; to: number }): WorkloadSpec[] {
  const tracker = createWorkloadSpecTracker();
  const rows = db
    .prepare("SELECT id, line FROM lines WHERE source = ? AND kind = 'Deployment' AND at <= ? ORDER BY at, id")
    .iterate(range.source, range.to) as Iterable<{ id: number; line: string }>;
  for (const { id, line } of rows) {
    try {
      const parsed = parseLine(line, id);
      if (parsed.kind === 'observation' && parsed.entry.object.kind === 'Deployment')
        applyDeployment(tracker, parsed.entry.object, parsed.entry.at, parsed.entry.type === 'DELETED');
    } catch {
      // A stored line passed the writer's checks; one that no longer parses is skipped, as entriesOf does.
      continue;
    }
  }
  pruneWorkloadSpecs(tracker, range.from);
  return workloadSpecs(tracker);
}
