import { describe, expect, it } from 'vitest';
import type { Finding, PodTimeline } from '../timeline/types';
import { findingMatches, parseTimelineFilter, podMatches } from './filters';

const pod = (over: Partial<PodTimeline> = {}): PodTimeline => ({
  uid: 'u1',
  namespace: 'shop',
  name: 'web-1',
  node: null,
  workload: { kind: 'Deployment', name: 'web' },
  controllerName: null,
  gracePeriodSeconds: 30,
  preStop: null,
  markers: [],
  gaps: [],
  ...over,
});

describe('parseTimelineFilter', () => {
  it('reads repeated and comma-separated namespaces, a Kind/name workload and problems=1', () => {
    const filter = parseTimelineFilter(
      new URLSearchParams('namespace=shop&namespace=a,b&workload=Deployment/web&problems=1'),
    );
    expect(filter).toEqual({
      namespaces: ['shop', 'a', 'b'],
      workload: { kind: 'Deployment', name: 'web' },
      problemsOnly: true,
    });
  });

  it('accepts a bare workload name and means no filter when nothing is given', () => {
    expect(parseTimelineFilter(new URLSearchParams('workload=web')).workload).toEqual({ kind: null, name: 'web' });
    expect(parseTimelineFilter(new URLSearchParams())).toEqual({
      namespaces: null,
      workload: null,
      problemsOnly: false,
    });
  });
});

describe('podMatches', () => {
  it('keeps only pods of the namespaces asked for', () => {
    const filter = parseTimelineFilter(new URLSearchParams('namespace=billing'));
    expect(podMatches(filter, pod())).toBe(false);
    expect(podMatches(filter, pod({ namespace: 'billing' }))).toBe(true);
  });

  it('treats only critical and warning gaps as problems, not watch-blind intervals', () => {
    const filter = parseTimelineFilter(new URLSearchParams('problems=1'));
    expect(podMatches(filter, pod({ gaps: [{ kind: 'watchBlind', from: 1, to: 2, severity: 'info' }] }))).toBe(false);
    expect(podMatches(filter, pod({ gaps: [{ kind: 'exitWhileRouted', from: 1, to: 2, severity: 'critical' }] }))).toBe(
      true,
    );
  });

  it('matches a workload by name, and by kind when given', () => {
    expect(podMatches(parseTimelineFilter(new URLSearchParams('workload=StatefulSet/web')), pod())).toBe(false);
    expect(podMatches(parseTimelineFilter(new URLSearchParams('workload=web')), pod())).toBe(true);
  });
});

describe('findingMatches', () => {
  const finding: Finding = {
    kind: 'missingPreStop',
    severity: 'warning',
    workload: { kind: 'Deployment', name: 'web' },
    pods: ['u1'],
    message: '',
    fix: '',
  };
  it('shows every finding without a filter and only those about visible pods with one', () => {
    expect(findingMatches(parseTimelineFilter(new URLSearchParams()), finding, new Set())).toBe(true);
    const filter = parseTimelineFilter(new URLSearchParams('namespace=shop'));
    expect(findingMatches(filter, finding, new Set(['u1']))).toBe(true);
    expect(findingMatches(filter, finding, new Set(['u2']))).toBe(false);
  });
});
