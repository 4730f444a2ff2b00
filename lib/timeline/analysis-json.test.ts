import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysisJsonChunks, toAnalysisJson } from './analysis-json';
import { analyzeEntries } from './engine';
import { analyseRecording } from './scenario-support';
import type { Analysis } from './types';
import { sleepHook, termination } from './test-support';

describe('analysis JSON, version 1', () => {
  const analysis = analyzeEntries(
    termination({
      containers: [{ name: 'app', preStop: sleepHook(5) }],
      exits: { app: { exitCode: 0, finishedAt: 17 } },
    }),
  );
  const json = toAnalysisJson(analysis);

  it('has exactly the documented top-level and pod fields', () => {
    expect(Object.keys(json)).toEqual(['version', 'allowanceSeconds', 'pods', 'findings']);
    expect(json.version).toBe(1);
    expect(Object.keys(json.pods[0] ?? {})).toEqual([
      'uid',
      'namespace',
      'name',
      'node',
      'workload',
      'gracePeriodSeconds',
      'preStop',
      'markers',
      'gaps',
    ]);
  });

  it('writes times as ISO strings and keeps container, exitCode and reason only where set', () => {
    const markers = json.pods[0]?.markers ?? [];
    expect(markers[0]).toEqual({
      kind: 'created',
      at: '2026-11-24T04:25:00.000Z',
      earliest: '2026-11-24T04:25:00.000Z',
      latest: '2026-11-24T04:25:01.000Z',
      precision: 'second',
    });
    expect(markers.find((m) => m.kind === 'containerExited')).toEqual({
      kind: 'containerExited',
      at: '2026-11-24T04:25:17.000Z',
      earliest: '2026-11-24T04:25:17.000Z',
      latest: '2026-11-24T04:25:18.000Z',
      precision: 'second',
      container: 'app',
      exitCode: 0,
      reason: 'Completed',
    });
    expect(json.pods[0]?.preStop).toEqual({ kind: 'sleep', seconds: 5 });
  });

  it('leaves out evidence, controller and cause, and writes expected and open only when true', () => {
    const text = JSON.stringify(json);
    for (const field of ['evidence', 'controllerName', 'cause', 'expected', 'open'])
      expect(text).not.toContain(`"${field}"`);
  });

  it('writes a prediction as expected and an open gap as open', () => {
    const analysis: Analysis = {
      allowanceSeconds: 2,
      findings: [],
      pods: [
        {
          uid: 'u',
          namespace: 'n',
          name: 'p',
          node: null,
          workload: null,
          controllerName: null,
          gracePeriodSeconds: 30,
          preStop: null,
          markers: [
            {
              kind: 'sigterm',
              at: 1000,
              earliest: 1000,
              latest: 2000,
              precision: 'estimated',
              expected: true,
              evidence: [],
            },
          ],
          gaps: [{ kind: 'watchBlind', from: 0, to: 500, severity: 'info', open: true }],
        },
      ],
    };
    const pod = toAnalysisJson(analysis).pods[0];
    expect(pod?.markers[0]).toEqual({
      kind: 'sigterm',
      at: '1970-01-01T00:00:01.000Z',
      earliest: '1970-01-01T00:00:01.000Z',
      latest: '1970-01-01T00:00:02.000Z',
      precision: 'estimated',
      expected: true,
    });
    expect(pod?.gaps[0]).toEqual({
      kind: 'watchBlind',
      from: '1970-01-01T00:00:00.000Z',
      to: '1970-01-01T00:00:00.500Z',
      severity: 'info',
      open: true,
    });
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('adds `workloads` after the findings only when a Deployment was watched, with ISO times', () => {
    const workloads = [
      {
        namespace: 'shop',
        kind: 'Deployment',
        name: 'web',
        points: [{ at: 1000, replicas: 4, strategy: 'RollingUpdate' as const, maxUnavailable: 1, maxSurge: 1 }],
      },
    ];
    const withWorkloads = toAnalysisJson({ ...analysis, workloads });
    expect(Object.keys(withWorkloads)).toEqual(['version', 'allowanceSeconds', 'pods', 'findings', 'workloads']);
    expect(withWorkloads.workloads).toEqual([
      {
        namespace: 'shop',
        kind: 'Deployment',
        name: 'web',
        points: [
          { at: '1970-01-01T00:00:01.000Z', replicas: 4, strategy: 'RollingUpdate', maxUnavailable: 1, maxSurge: 1 },
        ],
      },
    ]);
    expect('workloads' in toAnalysisJson({ ...analysis, workloads: [] })).toBe(false);
    const whole = `${JSON.stringify(withWorkloads, null, 2)}\n`;
    expect([...analysisJsonChunks({ ...analysis, workloads })].join('')).toBe(whole);
  });
});

describe('analysisJsonChunks', () => {
  const DIR = new URL('../../fixtures/scenarios/', import.meta.url);
  const recordings = readdirSync(DIR)
    .filter((name) => name.endsWith('.ndjson'))
    .sort();
  const whole = (analysis: Analysis) => `${JSON.stringify(toAnalysisJson(analysis), null, 2)}\n`;

  it('finds the fixtures', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(14);
  });

  it.each(recordings)('writes %s byte for byte as JSON.stringify of the whole analysis JSON', async (name) => {
    const { analysis } = await analyseRecording(readFileSync(new URL(name, DIR), 'utf8'));
    expect([...analysisJsonChunks(analysis)].join('')).toBe(whole(analysis));
  });

  it('matches for an empty analysis, strings that need escaping, and output larger than one chunk', () => {
    const empty: Analysis = { allowanceSeconds: 2.5, pods: [], findings: [] };
    expect([...analysisJsonChunks(empty)].join('')).toBe(whole(empty));
    const sample = analyzeEntries(
      termination({ containers: [{ name: 'app' }], exits: { app: { exitCode: 137, finishedAt: 31 } } }),
    );
    const [pod] = sample.pods;
    const [finding] = sample.findings;
    if (!pod || !finding) throw new Error('the sample analysis has a pod and a finding');
    const odd = { ...pod, name: 'web-"quoted"\n\t\\ \u2028 é 🚀', gaps: [] };
    const many: Analysis = {
      allowanceSeconds: 0,
      pods: Array.from({ length: 500 }, () => odd),
      findings: [{ ...finding, message: 'two\nlines', pods: [] }],
    };
    const chunks = [...analysisJsonChunks(many)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(whole(many));
  });
});
