import { describe, expect, it } from 'vitest';
import type { Finding } from '../timeline/types';
import { buildRowModel, matchesSearch } from './row-model';
import { marker, rollout, rolloutSpec, testPod } from './test-pods';
import { DEFAULT_VIEW_STATE } from './view-state';

const oldPod = testPod({
  uid: 'old',
  controllerName: 'web-1',
  markers: [marker('created', 1_000), marker('deleteRequested', 50_000)],
  gaps: [{ kind: 'exitWhileRouted', from: 51_000, to: 52_000, severity: 'critical' }],
});
const newPod = testPod({ uid: 'new', controllerName: 'web-2', markers: [marker('created', 49_000)] });
const other = testPod({
  uid: 'db',
  namespace: 'data',
  name: 'db-0',
  workload: { kind: 'StatefulSet', name: 'db' },
  controllerName: 'db',
  markers: [marker('created', 500), marker('deleteRequested', 60_000)],
});
const bare = testPod({
  uid: 'bare',
  name: '<img src=x>',
  workload: null,
  controllerName: null,
  markers: [marker('created', 10)],
});
const all = [newPod, other, oldPod, bare];

describe('buildRowModel', () => {
  it('groups pods by workload; the pods changing now lead, in the order they changed', () => {
    const model = buildRowModel(all, [], DEFAULT_VIEW_STATE);
    // Every pod here is terminating or not ready yet: the new pod (created at 49 s) before the old (deleted at 50 s).
    expect(
      model.rows.map(
        (row) =>
          `${row.kind}:${row.kind === 'pod' ? row.pod.uid : row.kind === 'fold' || row.kind === 'capacity' ? row.key : row.label}`,
      ),
    ).toEqual([
      'workload:StatefulSet db',
      'revision:changing now',
      'pod:db',
      'workload:bare pods',
      'revision:changing now',
      'pod:bare',
      'workload:Deployment web',
      'revision:changing now',
      'pod:new',
      'pod:old',
    ]);
    expect(model.pods.map((row) => row.key)).toEqual(['db', 'bare', 'new', 'old']);
    expect(model.extent).toEqual({ startMs: 10, endMs: 60_000 });
  });

  it('lists settled pods by revision, the oldest revision first', () => {
    const settled = [newPod, oldPod].map((pod) => ({
      ...pod,
      markers: [...pod.markers.filter((m) => m.kind === 'created'), marker('ready', 60_000)],
    }));
    const rows = buildRowModel(settled, [], DEFAULT_VIEW_STATE).rows;
    expect(rows.map((row) => (row.kind === 'pod' ? row.key : row.kind === 'revision' ? row.label : row.kind))).toEqual([
      'workload',
      'web-1',
      'old',
      'web-2',
      'new',
    ]);
  });

  it('counts the problem pods of a workload', () => {
    const header = buildRowModel(all, [], DEFAULT_VIEW_STATE).rows.find(
      (row) => row.kind === 'workload' && row.label === 'Deployment web',
    );
    expect(header).toMatchObject({ podCount: 2, problemCount: 1 });
  });

  it('filters by namespace, workload, problems and search', () => {
    const uids = (state: Partial<typeof DEFAULT_VIEW_STATE>) =>
      buildRowModel(all, [], { ...DEFAULT_VIEW_STATE, ...state }).pods.map((row) => row.key);
    expect(uids({ namespaces: ['data'] })).toEqual(['db']);
    expect(uids({ workload: 'Deployment/web' })).toEqual(['new', 'old']);
    expect(uids({ workload: 'db' })).toEqual(['db']);
    expect(uids({ problemsOnly: true })).toEqual(['old']);
    expect(uids({ search: 'WEB-2' })).toEqual(['new']);
  });

  it('aligns every pod on its delete request and leaves out pods not deleted yet', () => {
    const model = buildRowModel(all, [], { ...DEFAULT_VIEW_STATE, align: true });
    expect(model.pods.map((row) => [row.key, row.offsetMs])).toEqual([
      ['db', 60_000],
      ['old', 50_000],
    ]);
    expect(model.hiddenUndeleted).toBe(2);
    // Start-up markers are left out of the aligned extent so terminations are not squashed.
    expect(model.extent).toEqual({ startMs: 0, endMs: 0 });
  });

  it('focuses the pods of a finding', () => {
    const finding: Finding = {
      kind: 'sigkilled',
      severity: 'critical',
      workload: { kind: 'Deployment', name: 'web' },
      pods: ['new'],
      message: '',
      fix: '',
    };
    const model = buildRowModel(all, [finding], { ...DEFAULT_VIEW_STATE, focus: 'sigkilled:Deployment/web' });
    expect(model.pods.map((row) => row.key)).toEqual(['new']);
    expect(model.total).toBe(4);
  });
});

describe('buildRowModel from part of the pods (the live seed still arriving)', () => {
  it('draws their lanes in the same order, but no capacity and no count it cannot know', () => {
    const pods = rollout();
    const whole = buildRowModel(pods, [], DEFAULT_VIEW_STATE, [rolloutSpec]);
    expect(whole.partial).toBe(false);
    expect(whole.rows.some((row) => row.kind === 'capacity')).toBe(true);
    const part = buildRowModel(pods.slice(0, 60), [], DEFAULT_VIEW_STATE, [rolloutSpec], null, { partial: true });
    expect(part.partial).toBe(true);
    // The capacity row holds its place, empty: drawn from 60 of the pods it would show dips that never happened.
    const capacity = part.rows.filter((row) => row.kind === 'capacity');
    expect(capacity).toHaveLength(1);
    expect(capacity[0]).toMatchObject({ pending: true, series: { steps: [], dips: [], hasSpec: true } });
    expect(part.rows.indexOf(capacity[0]!)).toBe(whole.rows.findIndex((row) => row.kind === 'capacity'));
    expect(whole.rows.some((row) => row.kind === 'capacity' && row.pending)).toBe(false);
    const headers = part.rows.filter((row) => row.kind === 'workload' || row.kind === 'revision');
    expect(headers.length).toBeGreaterThan(0);
    expect(headers.every((row) => 'partial' in row && row.partial === true)).toBe(true);
    expect(whole.rows.some((row) => 'partial' in row)).toBe(false);
    // Lanes keep the whole set's relative order.
    const wholeOrder = whole.pods.map((row) => row.key).filter((key) => part.pods.some((row) => row.key === key));
    expect(part.pods.map((row) => row.key)).toEqual(wholeOrder);
  });
});

describe('matchesSearch', () => {
  it('matches namespace/name and node, and everything for an empty search', () => {
    expect(matchesSearch(oldPod, 'shop/web-abc')).toBe(true);
    expect(matchesSearch(oldPod, 'worker-1')).toBe(true);
    expect(matchesSearch(oldPod, '  ')).toBe(true);
    expect(matchesSearch(oldPod, 'nope')).toBe(false);
  });
});
