import { describe, expect, it } from 'vitest';
import { FailOnParseError, matchFailOn, parseFailOn } from './fail-on';
import type { Analysis } from '../timeline/types';

const analysis: Analysis = {
  allowanceSeconds: 2,
  pods: [
    {
      uid: 'u1',
      namespace: 'shop',
      name: 'web-1',
      node: 'worker-1',
      workload: { kind: 'Deployment', name: 'web' },
      controllerName: 'web-abc',
      gracePeriodSeconds: 30,
      preStop: null,
      markers: [],
      gaps: [{ kind: 'shortPropagationBuffer', from: 0, to: 1, severity: 'warning' }],
    },
  ],
  findings: [
    {
      kind: 'missingPreStop',
      severity: 'warning',
      workload: { kind: 'Deployment', name: 'web' },
      pods: ['u1'],
      message: 'm',
      fix: 'f',
    },
  ],
};

describe('--fail-on', () => {
  it('matches a listed gap kind and a listed finding kind', () => {
    expect(matchFailOn(analysis, parseFailOn('shortPropagationBuffer'))).toEqual(['shortPropagationBuffer']);
    expect(matchFailOn(analysis, parseFailOn('missingPreStop,sigkilled'))).toEqual(['missingPreStop']);
  });

  it('critical does not match warnings, warning matches warnings and everything more severe', () => {
    expect(matchFailOn(analysis, parseFailOn('critical'))).toEqual([]);
    expect(matchFailOn(analysis, parseFailOn('warning'))).toEqual(['shortPropagationBuffer', 'missingPreStop']);
  });

  it('refuses an unknown word, naming it and the accepted ones', () => {
    expect(() => parseFailOn('critcal')).toThrow(FailOnParseError);
    expect(() => parseFailOn('critcal')).toThrow(/unknown item "critcal".*exitWhileRouted/);
    expect(() => parseFailOn(' , ')).toThrow(/empty/);
  });
});
