/** Builders for the store's tests and benchmark: valid recording lines with the entries they were made from. */
import { podSchema } from '@/lib/kube/objects';
import type { Observation } from '@/lib/recording/types';
import { formatObservationLine } from '@/lib/recording/writer';

export const T0 = Date.UTC(2026, 10, 24, 4, 0, 0, 0);

export interface TestLine {
  entry: Observation;
  line: string;
}

/** A pod observation whose name carries `seq`, so a test can tell which lines survived. */
export function podObservation(seq: number, at: number, options: { terminating?: boolean } = {}): TestLine {
  const json = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      uid: `uid-${seq}`,
      name: `web-7d9c-${seq}`,
      namespace: 'shop',
      resourceVersion: String(seq),
      labels: { app: 'web', 'pod-template-hash': '7d9c' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9c', uid: 'rs-1', controller: true }],
      ...(options.terminating
        ? { deletionTimestamp: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'), deletionGracePeriodSeconds: 30 }
        : {}),
    },
    spec: { nodeName: 'worker-1', terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image: 'shop:1' }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-24T03:00:00Z' }],
    },
  };
  const object = podSchema.parse(json);
  return { entry: { at, type: 'MODIFIED', object }, line: formatObservationLine(at, 'MODIFIED', json) };
}

/** The `seq` a podObservation line was made with. */
export function seqOf(line: string): number {
  const match = /"name":"web-7d9c-(\d+)"/.exec(line);
  if (!match) throw new Error(`not a test line: ${line.slice(0, 80)}`);
  return Number(match[1]);
}
