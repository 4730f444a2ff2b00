/**
 * scripts/capture.sh with the real kubectl against the simulated apiserver, held against the simulator's ground
 * truth (server/sim/GROUND-TRUTH.md) the way server/sim/accuracy.test.ts holds its recordings: no gap invented,
 * no certain gap missed, every marker's true time inside what the marker claims.
 *
 * The simulator runs at speed 1: the capture stamps receipt times from the machine's clock, and the API's
 * times must be on that same clock for the two to be compared.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWholeRecording } from '@/lib/recording/reader';
import type { Observation, RecordingEntry, WatchStateChange } from '@/lib/recording/types';
import { analyzeEntries } from '@/lib/timeline/engine';
import type { Analysis, GapKind, Marker, MarkerKind } from '@/lib/timeline/types';
import { waitFor } from '@/server/sim/api/test-support';
import { follow, tempSimKubeconfig, type FollowedProcess, type TempKubeconfig } from '@/server/sim/cli-test-support';
import type { PodTruth } from '@/server/sim/model/truth';
import { startSim, type RunningSimulator } from '@/server/sim/start';
import { endpointTimes } from '@/server/sim/truth-check';

const SCRIPT = fileURLToPath(new URL('./capture.sh', import.meta.url));
const SECOND = 1000;
const ALLOWANCE_MS = 2 * SECOND;
/**
 * How late a receipt time may be: the watch's delivery, kubectl's decoding and printing, the awk reading it, on a
 * machine shared with other test runs. A receipt time is never earlier than the truth; that bound is exact.
 */
const RECEIPT_LAG_MS = 3 * SECOND;
/** As accuracy.test.ts: the simulator commits, then delivers to a watch a few ms later. */
const MIN_DELIVERY_MS = 35;

interface Capture {
  sim: RunningSimulator;
  kube: TempKubeconfig;
  dir: string;
  out: string;
  process: FollowedProcess;
}

/**
 * Stands in for a kubectl that pretty-prints each watch event over many lines (as kubectl's JSON printer does
 * outside `--output-watch-events` on this version, and some versions do with it): the real kubectl, its output
 * (stdout and stderr in their order) re-indented the way Go's json.MarshalIndent with four spaces lays it out.
 */
const PRETTY_KUBECTL = `#!/usr/bin/env node
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const child = spawn('sh', ['-c', 'exec kubectl "$@" 2>&1', 'sh', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
createInterface({ input: child.stdout }).on('line', (line) => {
  process.stdout.write((line.startsWith('{') ? JSON.stringify(JSON.parse(line), null, 4) : line) + '\\n');
});
child.on('close', (code) => process.exit(code ?? 1));
process.on('SIGTERM', () => child.kill('SIGTERM'));
`;

/** A date(1) without %N, as busybox and BSD have it: the format comes back unexpanded. */
const DATE_WITHOUT_MS = `#!/bin/sh
for arg; do case $arg in *%*N*) printf '%s\\n' "\${arg#+}"; exit 0 ;; esac; done
exec /bin/date "$@"
`;

/** Runs `body` with a simulator and a capture of it, and cleans both up (per test: the tests run concurrently). */
async function withCapture(
  scenario: string,
  seed: number,
  body: (capture: Capture) => Promise<void>,
  options: { pretty?: boolean; dateWithoutMs?: boolean; forbid?: string[] } = {},
): Promise<void> {
  const sim = await startSim({ scenario, seed, speed: 1 });
  for (const resource of options.forbid ?? []) sim.faults.forbid(resource);
  const kube = tempSimKubeconfig(sim.url, sim.token);
  const dir = mkdtempSync(join(tmpdir(), 'drainscope-capture-test-'));
  const out = join(dir, 'capture.ndjson');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: kube.dir };
  if (options.pretty) {
    env.KUBECTL = join(dir, 'pretty-kubectl.cjs');
    writeFileSync(env.KUBECTL, PRETTY_KUBECTL, { mode: 0o755 });
  }
  if (options.dateWithoutMs) {
    writeFileSync(join(dir, 'date'), DATE_WITHOUT_MS, { mode: 0o755 });
    env.PATH = `${dir}:${env.PATH ?? ''}`;
  }
  const child = spawn(SCRIPT, ['--kubeconfig', kube.path, '--namespace', 'shop', '--out', out], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const capture = { sim, kube, dir, out, process: follow(child) };
  try {
    const watches = options.forbid?.includes('deployments') ? 3 : 4;
    await waitFor(() => sim.faults.openWatches >= watches, 15_000, `the ${watches} kubectl watches`);
    await body(capture);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await sim.stop();
    kube.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stopCapture(capture: Capture): Promise<{ lines: string[]; entries: RecordingEntry[] }> {
  capture.process.child.kill('SIGTERM');
  const code = await capture.process.exited;
  await capture.process.closed;
  expect(code, capture.process.stderr()).toBe(0);
  const text = readFileSync(capture.out, 'utf8');
  const whole = await readWholeRecording(
    (async function* () {
      yield new TextEncoder().encode(text);
    })(),
  );
  return { lines: text.split('\n').filter((line) => line !== ''), entries: whole.entries.map((e) => e.entry) };
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/** The true time of what a marker of this kind (and container) shows; null when it never happened. */
function truthOf(pod: PodTruth, kind: MarkerKind, container: string | undefined): number | null {
  const endpoints = endpointTimes(pod);
  const c = pod.containers.find((x) => x.name === container);
  const accepted = pod.deleteRequests.filter((r) => r.effect !== 'ignored');
  const deleted = ms(pod.deleteRequestedAt);
  switch (kind) {
    case 'created':
      return ms(pod.createdAt);
    case 'ready':
      return ms(pod.readyAt);
    case 'endpointReady':
      return endpoints.ready;
    case 'deleteRequested':
      return deleted;
    case 'graceDeadline':
      return deleted === null || accepted.length === 0
        ? null
        : deleted + accepted[accepted.length - 1]!.gracePeriodSeconds * SECOND;
    case 'endpointNotReady':
      return endpoints.notReady;
    case 'endpointNotServing':
      return endpoints.notServing;
    case 'endpointRemoved':
      return endpoints.removed;
    case 'podDeleted':
      return ms(pod.deletedAt);
    case 'killing':
      return ms(c?.killingAt);
    case 'preStopStart':
      return ms(c?.preStop?.startedAt);
    case 'preStopEnd':
      return ms(c?.preStop?.endedAt);
    case 'sigterm':
      return ms(c?.sigtermAt);
    case 'sigkill':
      return ms(c?.sigkillAt);
    case 'containerExited':
      return ms(c?.exitedAt);
    default:
      return null;
  }
}

/**
 * In real time the simulator's timers fire a few ms late, so what virtual time does at one instant (the kubelet's
 * Killing and the SIGTERM it sends) can be a ms or two apart in the truth; a time inferred from the API's
 * timestamps (not a receipt time) is given that much slack at its ends.
 */
const TIMER_SLACK_MS = 50;

/** How far the truth lies outside what the marker claims (0 when inside); an observed time may lag, never lead. */
function outsideBy(marker: Marker, truth: number): number {
  if (marker.precision === 'observed')
    return marker.at < truth ? truth - marker.at : Math.max(0, marker.at - truth - RECEIPT_LAG_MS);
  const latest = marker.precision === 'second' ? marker.latest - 1 : marker.latest;
  return truth < marker.earliest - TIMER_SLACK_MS
    ? marker.earliest - truth
    : Math.max(0, truth - latest - TIMER_SLACK_MS);
}

interface TruthGap {
  kind: GapKind;
  container: string;
  certain: boolean;
}

/** termination.md "The gaps that matter" from the truth alone (as accuracy.test.ts), allowance 2 s. */
function truthGaps(pod: PodTruth): TruthGap[] {
  const endpoints = endpointTimes(pod);
  const routedUntil = endpoints.notReady ?? endpoints.removed;
  // A late receipt only makes the endpoint look routed longer, so it never hides a gap: what stays unprovable is
  // an ordering tighter than the API's whole seconds (plus the ms the watch takes at the least).
  const certain = (t: number, end: number): boolean => end - t >= SECOND + MIN_DELIVERY_MS;
  const gaps: TruthGap[] = [];
  for (const c of pod.containers) {
    const sigterm = ms(c.sigtermAt);
    const exit = ms(c.exitedAt);
    if (endpoints.ready !== null && routedUntil !== null) {
      if (sigterm !== null && sigterm < routedUntil)
        gaps.push({ kind: 'sigtermWhileRouted', container: c.name, certain: certain(sigterm, routedUntil) });
      if (sigterm !== null && sigterm < routedUntil + ALLOWANCE_MS)
        gaps.push({
          kind: 'shortPropagationBuffer',
          container: c.name,
          certain: certain(sigterm, routedUntil + ALLOWANCE_MS),
        });
      if (exit !== null && exit < routedUntil)
        gaps.push({ kind: 'exitWhileRouted', container: c.name, certain: certain(exit, routedUntil) });
    }
    if (c.sigkillAt !== null) gaps.push({ kind: 'killedAtDeadline', container: c.name, certain: true });
    if (c.preStop?.outcome === 'abandoned') gaps.push({ kind: 'preStopCutByGrace', container: c.name, certain: true });
  }
  return gaps;
}

/** Every pod that terminated while the capture ran, held against its truth; returns what was checked. */
function checkAgainstTruth(
  analysis: Analysis,
  truth: PodTruth[],
  listedAt: number,
): { markers: number; endpointMarkers: number; gaps: number } {
  const checked = { markers: 0, endpointMarkers: 0, gaps: 0 };
  for (const pod of truth.filter((p) => p.cause !== null)) {
    const timeline = analysis.pods.find((p) => p.uid === pod.uid);
    expect(timeline, `${pod.name}: no timeline`).toBeDefined();
    if (!timeline) continue;
    for (const marker of timeline.markers) {
      if (marker.kind === 'scheduled') continue;
      const label = `${pod.name} ${marker.kind}${marker.container ? ` (${marker.container})` : ''}`;
      const truthAt = truthOf(pod, marker.kind, marker.container);
      expect(truthAt, `${label}: invented, the truth has none`).not.toBeNull();
      // What happened before the watches listed shows as the listed state, not as a change: nothing to time.
      if (truthAt === null || truthAt < listedAt) continue;
      expect(
        outsideBy(marker, truthAt),
        `${label}: truth ${new Date(truthAt).toISOString()} outside ${marker.precision} ${new Date(marker.earliest).toISOString()}..${new Date(marker.latest).toISOString()}`,
      ).toBe(0);
      checked.markers += 1;
      if (marker.kind.startsWith('endpoint')) {
        expect(marker.precision, `${label}: an EndpointSlice change is timed by its receipt`).toBe('observed');
        checked.endpointMarkers += 1;
      }
    }
    const real = truthGaps(pod);
    for (const gap of timeline.gaps) {
      expect(
        real.some((t) => t.kind === gap.kind && t.container === gap.container),
        `${pod.name} ${gap.kind} (${gap.container}): invented`,
      ).toBe(true);
    }
    for (const want of real.filter((g) => g.certain)) {
      expect(
        timeline.gaps.some((g) => g.kind === want.kind && g.container === want.container),
        `${pod.name} ${want.kind} (${want.container}): missed`,
      ).toBe(true);
      checked.gaps += 1;
    }
  }
  return checked;
}

const watchStates = (entries: RecordingEntry[]): WatchStateChange[] =>
  entries.filter((e): e is WatchStateChange => e.type === 'WATCH');
const observations = (entries: RecordingEntry[]): Observation[] =>
  entries.filter((e): e is Observation => e.type !== 'WATCH');

describe('scripts/capture.sh with the real kubectl against the simulator', () => {
  it.concurrent.each([
    // Healthy: preStop 5 s, a 2 s drain, readiness off at SIGTERM. Nothing may be invented.
    { scenario: 'rolling-update', seed: 7, gapsExpected: false },
    // The kubelet evicts for memory pressure: no delete, the endpoint stays ready through SIGTERM and the SIGKILL
    // 2 s later. SIGTERM while routed (by about 3 s with this seed) and the kill must be found.
    { scenario: 'node-pressure-eviction', seed: 1, gapsExpected: true },
  ])(
    '$scenario: one recording whose analysis matches the ground truth',
    async ({ scenario, seed, gapsExpected }) => {
      await withCapture(scenario, seed, async (capture) => {
        await capture.sim.whenDone();
        // The last changes (a DELETED, the slice write after it) reach kubectl a moment after the scenario settles.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const { lines, entries } = await stopCapture(capture);

        expect(JSON.parse(lines[0]!)).toMatchObject({
          drainscope: 'recording',
          version: 1,
          cluster: 'drainscope-sim',
          scope: { namespaces: ['shop'], labelSelector: null },
        });
        for (const line of lines.slice(1)) expect(line.startsWith('{"at":"'), line.slice(0, 80)).toBe(true);
        const times = entries.map((e) => e.at);
        expect(times, 'the recording is in time order').toEqual([...times].sort((a, b) => a - b));
        // Secrets never reach the file: no annotations, no environment values.
        expect(lines.some((line) => line.includes('"annotations"'))).toBe(false);
        expect(lines.some((line) => /"env":\[\{"name":"[^"]*","value"/.test(line))).toBe(false);
        expect(lines.some((line) => line.includes('"env":[{"name":'))).toBe(true);

        const states = watchStates(entries);
        expect(states.map((s) => `${s.resource} ${s.state}`).sort()).toEqual([
          'deployments connected',
          'endpointslices connected',
          'events connected',
          'pods connected',
        ]);
        // The Deployment is recorded without its pod template (env values and all).
        const deploymentLines = lines.filter((line) =>
          /"object":\{"apiVersion":"apps\/v1","kind":"Deployment"/.test(line),
        );
        expect(deploymentLines.length).toBeGreaterThan(0);
        expect(deploymentLines.some((line) => line.includes('"template"'))).toBe(false);
        const listedAt = Math.max(...states.map((s) => s.at));

        const analysis = analyzeEntries(entries);
        const truth = capture.sim.groundTruth().pods;
        expect(truth.filter((p) => p.cause !== null).length).toBeGreaterThan(0);
        const checked = checkAgainstTruth(analysis, truth, listedAt);
        expect(checked.endpointMarkers).toBeGreaterThan(0);
        if (gapsExpected) expect(checked.gaps).toBeGreaterThan(0);
        else expect(analysis.pods.flatMap((p) => p.gaps)).toEqual([]);
      });
    },
    120_000,
  );

  it('records without deployments where RBAC forbids them: exit 0, said once, the rest as usual', async () => {
    await withCapture(
      'no-prestop',
      3,
      async (capture) => {
        await capture.sim.whenDone();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const { lines, entries } = await stopCapture(capture);
        expect(capture.process.stderr().match(/not recording deployments/g)).toHaveLength(1);
        expect(observations(entries).some((o) => o.object.kind === 'Deployment')).toBe(false);
        expect(lines.length).toBeGreaterThan(5);
        expect(
          watchStates(entries)
            .map((s) => `${s.resource} ${s.state}`)
            .sort(),
        ).toEqual(['endpointslices connected', 'events connected', 'pods connected']);
        expect(observations(entries).some((o) => o.object.kind === 'Pod')).toBe(true);
      },
      { forbid: ['deployments'] },
    );
  }, 120_000);

  it('restarts a watch that ended and marks the blind window: disconnected, then relisted after the new list; what changed meanwhile is diffed in', async () => {
    await withCapture('prestop-sleep', 11, async (capture) => {
      const { sim } = capture;
      const [, bystander] = sim.cluster.pods({ app: 'web' });
      if (!bystander) throw new Error('no second pod');
      const uid = bystander.metadata.uid as string;
      // The watches go silent, the pod vanishes unseen, then the connections drop: kubectl exits and must be
      // restarted, and only its new list can tell that the pod is gone.
      sim.faults.hangWatches();
      sim.cluster.deletePod('shop', bystander.metadata.name, { gracePeriodSeconds: 0 });
      expect(sim.store.get('pods', 'shop', bystander.metadata.name)).toBeUndefined();
      sim.faults.dropWatches();
      sim.faults.reset();
      await waitFor(() => sim.faults.openWatches >= 4, 20_000, 'the four watches restarted');
      // The relisted line is written when kubectl logs its watch request, a moment after the server opened it.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const { entries } = await stopCapture(capture);

      for (const resource of ['pods', 'endpointslices', 'events'] as const) {
        const states = watchStates(entries).filter((s) => s.resource === resource);
        expect(
          states.map((s) => s.state),
          resource,
        ).toEqual(['connected', 'disconnected', 'relisted', 'connected']);
        const [, disconnected] = states;
        expect(disconnected!.reason).toMatch(/^kubectl get -w ended \(exit status \d+\)/);
        // kubectl gives no sign of life between events: the blind window starts at the last thing it delivered.
        expect(disconnected!.since).toBeDefined();
        expect(disconnected!.since!).toBeLessThanOrEqual(disconnected!.at);
      }
      const podStates = watchStates(entries).filter((s) => s.resource === 'pods');
      const ofPod = observations(entries).filter((e) => e.object.kind === 'Pod' && e.object.metadata.uid === uid);
      // Seen in the first list (and maybe changing while it became ready), then, after the restart, gone: DELETED
      // with its last known state, at the relist.
      expect(ofPod[0]?.type).toBe('ADDED');
      expect(ofPod.filter((e) => e.type === 'DELETED')).toEqual([ofPod.at(-1)]);
      expect(ofPod.at(-1)!.at).toBeGreaterThanOrEqual(podStates[1]!.at);
      expect(ofPod.at(-1)!.at).toBeLessThanOrEqual(podStates[2]!.at);
      // The other pods did not change: the new list does not repeat them.
      const added = observations(entries)
        .filter((e) => e.type === 'ADDED' && e.object.kind === 'Pod')
        .map((e) => e.object.metadata.uid);
      expect(new Set(added).size).toBe(added.length);

      const timeline = analyzeEntries(entries).pods.find((p) => p.uid === uid);
      expect(timeline?.gaps.map((g) => g.kind)).toContain('watchBlind');
    });
  }, 60_000);

  it('reads kubectl output pretty-printed over many lines just the same', async () => {
    await withCapture(
      'prestop-sleep',
      5,
      async (capture) => {
        const { sim } = capture;
        const pods = sim.cluster.pods({ app: 'web' });
        const [, bystander] = pods;
        if (!bystander) throw new Error('no second pod');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        sim.cluster.deletePod('shop', bystander.metadata.name, { gracePeriodSeconds: 0 });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const { lines, entries } = await stopCapture(capture);

        expect(
          watchStates(entries)
            .map((s) => `${s.resource} ${s.state}`)
            .sort(),
        ).toEqual(['deployments connected', 'endpointslices connected', 'events connected', 'pods connected']);
        const podLines = observations(entries).filter((e) => e.object.kind === 'Pod');
        for (const pod of pods)
          expect(
            podLines.some((e) => e.type === 'ADDED' && e.object.metadata.uid === pod.metadata.uid),
            pod.metadata.name,
          ).toBe(true);
        expect(podLines.filter((e) => e.object.metadata.uid === bystander.metadata.uid).at(-1)?.type).toBe('DELETED');
        expect(observations(entries).some((e) => e.object.kind === 'EndpointSlice')).toBe(true);
        // Compact lines, stripped as from a compact kubectl.
        for (const line of lines) expect(line).not.toMatch(/": |\n/);
        expect(lines.some((line) => line.includes('"annotations"'))).toBe(false);
        expect(lines.some((line) => line.includes('"env":[{"name":'))).toBe(true);
      },
      { pretty: true },
    );
  }, 60_000);

  it('says so when date cannot print milliseconds, and bounds each receipt time by its second', async () => {
    await withCapture(
      'prestop-sleep',
      5,
      async (capture) => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const { entries } = await stopCapture(capture);
        expect(capture.process.stderr()).toContain('date cannot print milliseconds');
        const seen = observations(entries);
        expect(seen.length).toBeGreaterThan(0);
        for (const entry of seen) {
          expect(entry.at % SECOND).toBe(0);
          expect(entry).toMatchObject({ earliest: entry.at, latest: entry.at + 999 });
        }
      },
      { dateWithoutMs: true },
    );
  }, 60_000);
});
