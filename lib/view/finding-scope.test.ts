import { describe, expect, it } from 'vitest';
import { NO_FILTER } from '../live/filters';
import type { Finding, PodTimeline } from '../timeline/types';
import { goneBefore, scopeFindings, terminatedText } from './finding-scope';
import { marker, testPod } from './test-pods';

function gone(uid: string, deleteAt: number, namespace = 'shop'): PodTimeline {
  return testPod({
    uid,
    namespace,
    markers: [marker('created', 0), marker('deleteRequested', deleteAt), marker('podDeleted', deleteAt + 3_000)],
  });
}

const pods = new Map<string, PodTimeline>(
  [
    gone('old1', 10_000),
    gone('old2', 12_000),
    gone('new1', 100_000),
    gone('new2', 104_000),
    testPod({ uid: 'alive', markers: [marker('created', 0)] }),
    gone('other', 101_000, 'data'),
  ].map((pod) => [pod.uid, pod]),
);
const finding = (kind: Finding['kind'], uids: string[]): Finding => ({
  kind,
  severity: 'warning',
  workload: { kind: 'Deployment', name: 'web' },
  pods: uids,
  message: 'm',
  fix: 'f',
});
const findings = [
  finding('missingPreStop', ['old1', 'old2', 'new1', 'new2', 'other']),
  finding('graceTooShort', ['old1']),
  finding('sigkilled', ['alive']),
];

describe('scopeFindings', () => {
  it('counts the pods still there or in the visible window, and says when they terminated', () => {
    const outOfWindow = new Set(goneBefore(pods.values(), 60_000));
    expect([...outOfWindow].sort()).toEqual(['old1', 'old2']);
    const scoped = scopeFindings(findings, pods, { filter: NO_FILTER, outOfWindow, focus: null });
    expect(scoped.map((f) => [f.kind, f.pods, f.allPods, f.terminated])).toEqual([
      ['missingPreStop', ['new1', 'new2', 'other'], 5, { startMs: 100_000, endMs: 104_000 }],
      // graceTooShort named only a pod gone before the window: left out.
      ['sigkilled', ['alive'], 1, null],
    ]);
  });

  it('follows the filters', () => {
    const scoped = scopeFindings(findings, pods, {
      filter: { ...NO_FILTER, namespaces: ['data'] },
      outOfWindow: new Set(),
      focus: null,
    });
    expect(scoped.map((f) => [f.kind, f.pods])).toEqual([['missingPreStop', ['other']]]);
  });

  it('keeps the focused finding whole', () => {
    const scoped = scopeFindings(findings, pods, {
      filter: NO_FILTER,
      outOfWindow: new Set(['old1', 'old2']),
      focus: 'graceTooShort:Deployment/web',
    });
    expect(scoped.find((f) => f.kind === 'graceTooShort')).toMatchObject({
      pods: ['old1'],
      terminated: { startMs: 10_000, endMs: 10_000 },
    });
  });
});

describe('terminatedText', () => {
  it('names one time or the span, in UTC like the rest of the page', () => {
    const t = Date.UTC(2026, 0, 2, 4, 25, 10, 400);
    expect(terminatedText({ startMs: t, endMs: t + 300 })).toBe('terminated 04:25:10 UTC');
    expect(terminatedText({ startMs: t, endMs: t + 112_000 })).toBe('terminated 04:25:10–04:27:02 UTC');
  });
});
