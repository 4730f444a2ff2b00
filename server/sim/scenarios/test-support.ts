/** Test support: runs each scenario once per test file and reads its recording back as typed lines. */
import type { ContainerStatusJson, PodObject } from '../model/pod-json';
import type { PodTruth } from '../model/truth';
import type { ApiObject } from '../object-store';
import { runScenario, type ScenarioRun } from './run';

export interface Line {
  at: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: ApiObject;
}

const runs = new Map<string, ScenarioRun>();

export function run(name: string): ScenarioRun {
  let result = runs.get(name);
  if (!result) {
    result = runScenario(name);
    runs.set(name, result);
  }
  return result;
}

export function lines(name: string): Line[] {
  return run(name)
    .lines.slice(1)
    .map((text) => JSON.parse(text) as { at: string; type: Line['type']; object: ApiObject })
    .map((l) => ({ at: Date.parse(l.at), type: l.type, object: l.object }));
}

/** The pod the scenario acted on: the first one whose termination had a cause. */
export function target(name: string): PodTruth {
  const pod = run(name).truth.pods.find((p) => p.cause !== null);
  if (!pod) throw new Error(`no terminated pod in ${name}`);
  return pod;
}

export function ms(iso: string | null | undefined): number {
  if (!iso) throw new Error('missing time');
  return Date.parse(iso);
}

export function podLines(name: string, uid: string): (Line & { pod: PodObject })[] {
  return lines(name)
    .filter((l) => l.object.kind === 'Pod' && l.object.metadata.uid === uid)
    .map((l) => ({ ...l, pod: l.object as PodObject }));
}

export function eventLines(
  name: string,
  filter: { uid?: string; reason?: string },
): (Line & { event: Record<string, unknown> & { involvedObject: { uid: string; fieldPath?: string } } })[] {
  return lines(name)
    .filter((l) => l.object.kind === 'Event')
    .map((l) => ({
      ...l,
      event: l.object as unknown as Record<string, unknown> & { involvedObject: { uid: string; fieldPath?: string } },
    }))
    .filter(
      (l) =>
        (filter.uid === undefined || l.event.involvedObject.uid === filter.uid) &&
        (filter.reason === undefined || l.event.reason === filter.reason),
    );
}

export interface SliceEndpoint {
  slice: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** The endpoint of `uid` in every slice line, as [receipt time, its state in that slice or null]. */
export function endpointHistory(
  name: string,
  uid: string,
): { at: number; type: Line['type']; endpoint: SliceEndpoint | null; slice: string }[] {
  return lines(name)
    .filter((l) => l.object.kind === 'EndpointSlice')
    .map((l) => {
      const endpoints = (Array.isArray(l.object.endpoints) ? l.object.endpoints : []) as {
        targetRef: { uid: string };
        conditions: { ready: boolean; serving: boolean; terminating: boolean };
      }[];
      const found = l.type === 'DELETED' ? undefined : endpoints.find((e) => e.targetRef.uid === uid);
      return {
        at: l.at,
        type: l.type,
        slice: l.object.metadata.name,
        endpoint: found ? { slice: l.object.metadata.name, ...found.conditions } : null,
      };
    });
}

export function terminated(
  status: ContainerStatusJson | undefined,
): NonNullable<ContainerStatusJson['state']['terminated']> | undefined {
  return status?.state.terminated;
}
