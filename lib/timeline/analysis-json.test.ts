import { describe, expect, it } from 'vitest';
import { toAnalysisJson } from './analysis-json';
import { analyzeEntries } from './engine';
import { sleepHook, termination } from './test-support';

describe('analysis JSON, version 1', () => {
  const analysis = analyzeEntries(termination({ containers: [{ name: 'app', preStop: sleepHook(5) }], exits: { app: { exitCode: 0, finishedAt: 17 } } }));
  const json = toAnalysisJson(analysis);

  it('has exactly the documented top-level and pod fields', () => {
    expect(Object.keys(json)).toEqual(['version', 'allowanceSeconds', 'pods', 'findings']);
    expect(json.version).toBe(1);
    expect(Object.keys(json.pods[0] ?? {})).toEqual(['uid', 'namespace', 'name', 'node', 'workload', 'gracePeriodSeconds', 'preStop', 'markers', 'gaps']);
  });

  it('writes times as ISO strings and keeps container, exitCode and reason only where set', () => {
    const markers = json.pods[0]?.markers ?? [];
    expect(markers[0]).toEqual({ kind: 'created', at: '2026-11-24T04:25:00.000Z', precision: 'second' });
    expect(markers.find((m) => m.kind === 'containerExited')).toEqual({ kind: 'containerExited', at: '2026-11-24T04:25:17.000Z', precision: 'second', container: 'app', exitCode: 0, reason: 'Completed' });
    expect(json.pods[0]?.preStop).toEqual({ kind: 'sleep', seconds: 5 });
  });

  it('leaves out intervals, evidence, controller and cause', () => {
    const text = JSON.stringify(json);
    for (const field of ['earliest', 'latest', 'evidence', 'controllerName', 'cause']) expect(text).not.toContain(`"${field}"`);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
