import { describe, expect, it } from 'vitest';
import type { Finding } from '../timeline/types';
import { findingKey, findingsForPod, holdOrder, rankFindings, worstSeverity } from './findings';
import { testPod } from './test-pods';

const finding = (kind: Finding['kind'], severity: Finding['severity'], pods: string[]): Finding => ({
  kind,
  severity,
  workload: { kind: 'Deployment', name: 'web' },
  pods,
  message: 'm',
  fix: 'f',
});

describe('findings', () => {
  it('ranks critical before warning, then by pods concerned', () => {
    const ranked = rankFindings([
      finding('missingPreStop', 'warning', ['a']),
      finding('sigkilled', 'critical', ['a']),
      finding('graceTooShort', 'warning', ['a', 'b']),
    ]);
    expect(ranked.map((f) => f.kind)).toEqual(['sigkilled', 'graceTooShort', 'missingPreStop']);
  });

  it('keys a finding by kind and workload', () => {
    expect(findingKey(finding('sigkilled', 'critical', []))).toBe('sigkilled:Deployment/web');
    expect(findingKey({ ...finding('sigkilled', 'critical', []), workload: null })).toBe('sigkilled:-');
  });

  it('finds the findings that name a pod', () => {
    expect(
      findingsForPod([finding('sigkilled', 'critical', ['a']), finding('missingPreStop', 'warning', ['b'])], 'b').map(
        (f) => f.kind,
      ),
    ).toEqual(['missingPreStop']);
  });

  it('reports the worst gap severity', () => {
    expect(worstSeverity(testPod({ uid: 'a' }))).toBeNull();
    const pod = testPod({
      uid: 'a',
      gaps: [
        { kind: 'shortPropagationBuffer', from: 0, to: 1, severity: 'warning' },
        { kind: 'killedAtDeadline', from: 0, to: 1, severity: 'critical' },
      ],
    });
    expect(worstSeverity(pod)).toBe('critical');
  });

  it('holds the order the list had when the pointer entered it, new findings after', () => {
    const before = rankFindings([
      finding('missingPreStop', 'warning', ['a', 'b']),
      finding('graceTooShort', 'warning', ['a']),
    ]);
    const held = before.map(findingKey);
    // graceTooShort now concerns more pods and would rank first; a critical finding arrived.
    const after = rankFindings([
      finding('missingPreStop', 'warning', ['a', 'b']),
      finding('graceTooShort', 'warning', ['a', 'b', 'c']),
      finding('sigkilled', 'critical', ['c']),
    ]);
    expect(after.map((f) => f.kind)).toEqual(['sigkilled', 'graceTooShort', 'missingPreStop']);
    expect(holdOrder(after, held).map((f) => f.kind)).toEqual(['missingPreStop', 'graceTooShort', 'sigkilled']);
    expect(holdOrder(after, null).map((f) => f.kind)).toEqual(['sigkilled', 'graceTooShort', 'missingPreStop']);
    // A finding gone since is simply not there.
    expect(holdOrder(after.slice(1), ['sigkilled:Deployment/web', ...held]).map((f) => f.kind)).toEqual([
      'missingPreStop',
      'graceTooShort',
    ]);
  });
});
