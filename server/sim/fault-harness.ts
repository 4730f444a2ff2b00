/**
 * Fault test harness: runs a seeded scenario in virtual time behind the simulated apiserver over HTTP, watches it
 * with drainscope's own watch path (WatchManager → real @kubernetes/client-node), injects apiserver faults while pods
 * terminate, analyses what the watches delivered with the timeline engine (`analyzeEntries`) and holds the
 * result against the simulator's ground truth (truth-check.ts): no invented gap, no missed certain gap, every
 * marker's true time inside its [earliest, latest].
 *
 * Time: the model runs on a VirtualClock advanced in steps; receipt times are that clock, so a change is received
 * at most one step after it happened (the delivery allowance of the check). Outside a fault window every step
 * waits until each watch caught up. In a fault window the watches of the faulted resources are not waited for;
 * when every resource is faulted the window is crossed in one advance (nothing can be received meanwhile), so
 * which transitions fell in the window does not depend on the machine's speed. After the window the harness waits
 * until every watch caught up again: the relist lands at the window's end. The true blind window handed to the
 * check is therefore [fault start, fault end], for every resource (a transition of a resource that stayed
 * healthy is then merely not required, still checked if shown), plus any span the client itself recorded as
 * disconnected. drainscope's own downtime (`observer-restart`) is played by stopping its watches and starting new
 * ones, with the `disconnected` lines its store writes at start (server/store/live-recorder.ts).
 *
 *   const result = await runWithFaults({ scenario: 'rolling-update', seed: 1, faults: [{ fault: { kind: 'hang' }, atMs: 16_000, forMs: 8_000 }] });
 *   expect(result.check.violations).toEqual([]);
 */
import { analyzeEntries } from '@/lib/timeline/engine';
import type { RecordingEntry, WatchStateChange } from '@/lib/recording/types';
import type { Analysis } from '@/lib/timeline/types';
import { formatWatchStateLine } from '@/lib/recording/writer';
import { kubeConfigForServer } from '../kube/kubeconfig';
import { WatchManager } from '../kube/watch-manager';
import { KnownAtEnd } from '../store/live-recorder';
import { createSimApiServer, type SimApiServer, type SimFaults } from './api';
import { VirtualClock } from './clock';
import { Random } from './model/random';
import type { GroundTruth } from './model/truth';
import { createScenarioCluster } from './scenarios';
import { FIXTURE_START } from './scenarios/run';
import { ObjectStore, type SimResource } from './object-store';
import { checkAgainstTruth, exitsSeenIn, type BlindWindow, type TruthCheck } from './truth-check';

const ALL_RESOURCES: readonly SimResource[] = ['pods', 'events', 'endpointslices', 'deployments'];
/**
 * The client's idle watchdog (real ms); a hung watch is noticed after this much silence. The simulator sends
 * bookmarks every 100 ms, so only a hang (or a machine that stalls this long) trips it.
 */
const IDLE_TIMEOUT_MS = 1000;

export type Fault =
  /** RBAC takes read access to `resources` away and every watch is cut; access comes back at the window's end. */
  | { kind: 'forbid-and-drop'; resources: SimResource[] }
  /** Every watch stays open but sends nothing; at the window's end the client's watchdog has noticed, then they are released. */
  | { kind: 'hang' }
  /** The apiserver is unreachable for the window (every read 403s, watches cut); the next watches get 410 Gone. */
  | { kind: 'expire' }
  /**
   * drainscope itself is not running for the window (stopped, or killed mid-rollout): its watches stop, and when it
   * starts again it marks every watch disconnected at the last line it had stored, as the live store does
   * (server/store/live-recorder.ts), then lists afresh with new watches.
   */
  | { kind: 'observer-restart' }
  /**
   * The apiserver restarts with its watch cache empty (history lost, watches cut, the next watches get 410 Gone) and is
   * unreachable for the window.
   */
  | { kind: 'restart' };

export interface FaultWindow {
  fault: Fault;
  /** Simulated ms after the cluster started. */
  atMs: number;
  forMs: number;
}

export interface FaultRunOptions {
  scenario: string;
  seed: number;
  faults?: FaultWindow[];
  /** Default 100 simulated ms. */
  stepMs?: number;
  /** A finite scenario that has not finished by then is an error. Default 10 min simulated. */
  limitMs?: number;
}

export interface FaultRunResult {
  analysis: Analysis;
  truth: GroundTruth;
  /** Everything the watches delivered, in arrival order, as the engine reads it (parsed: fields it does not read are dropped). */
  entries: RecordingEntry[];
  /** The same as recording lines (objects stripped for recording, otherwise whole). */
  lines: string[];
  watchStates: WatchStateChange[];
  /**
   * The blind windows the check allowed for: each fault's from its start to its end (when the relist came), and any
   * time the client itself recorded a watch as disconnected (a stalled machine can trip the watchdog at one instant).
   */
  blind: BlindWindow[];
  /** The fault windows alone. */
  faultWindows: BlindWindow[];
  check: TruthCheck;
}

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function faultedResources(fault: Exclude<Fault, { kind: 'observer-restart' }>): readonly SimResource[] {
  return fault.kind === 'forbid-and-drop' ? fault.resources : ALL_RESOURCES;
}

function startFault(fault: Exclude<Fault, { kind: 'observer-restart' }>, faults: SimFaults): void {
  switch (fault.kind) {
    case 'forbid-and-drop':
      for (const resource of fault.resources) faults.forbid(resource);
      faults.dropWatches();
      return;
    case 'hang':
      faults.hangWatches();
      return;
    case 'expire':
      for (const resource of ALL_RESOURCES) faults.forbid(resource);
      faults.expireNextWatches(ALL_RESOURCES.length);
      faults.dropWatches();
      return;
    case 'restart':
      for (const resource of ALL_RESOURCES) faults.forbid(resource);
      // Its watch cache starts empty: a watch resuming from before the restart cannot be served.
      faults.expireNextWatches(ALL_RESOURCES.length);
      faults.restartWithHistoryLost();
      return;
  }
}

/** Ends the fault; a hang only once the client noticed it (virtual time stands still meanwhile: it notices at the window's end). */
async function endFault(
  fault: Exclude<Fault, { kind: 'observer-restart' }>,
  faults: SimFaults,
  noticed: () => Promise<void>,
): Promise<void> {
  if (fault.kind === 'hang') {
    await noticed();
    faults.releaseWatches();
    return;
  }
  for (const resource of faultedResources(fault)) faults.allow(resource);
}

/** From each `disconnected` a watch recorded (or its `since`) to that watch's next `connected` or `relisted`. */
function clientBlindWindows(states: readonly WatchStateChange[]): BlindWindow[] {
  const windows: BlindWindow[] = [];
  states.forEach((state, index) => {
    if (state.state !== 'disconnected') return;
    const back = states
      .slice(index + 1)
      .find((next) => next.resource === state.resource && next.state !== 'disconnected');
    windows.push({ from: Math.min(state.since ?? state.at, state.at), to: back?.at ?? Number.MAX_SAFE_INTEGER });
  });
  return windows;
}

export async function runWithFaults(options: FaultRunOptions): Promise<FaultRunResult> {
  const clock = new VirtualClock(FIXTURE_START);
  const uids = new Random(options.seed).fork('store');
  const store = new ObjectStore({ clock, newUid: () => uids.uuid() });
  const cluster = createScenarioCluster(options.scenario, { clock, store, seed: options.seed });
  const api: SimApiServer = createSimApiServer({ store, control: cluster, clock, watch: { bookmarkIntervalMs: 100 } });
  const { url } = await api.listen(0, '127.0.0.1');
  const newest: Record<SimResource, number> = { pods: 0, events: 0, endpointslices: 0, deployments: 0 };
  const unsubscribe = store.subscribe((event) => (newest[event.resource] = event.resourceVersion));
  const entries: RecordingEntry[] = [];
  const lines: string[] = [];
  const newManager = (resume?: ConstructorParameters<typeof WatchManager>[0]['resume']): WatchManager =>
    new WatchManager({
      ...(resume && { resume }),
      kubeConfig: kubeConfigForServer(url),
      namespaces: null,
      labelSelector: null,
      now: () => clock.now(),
      sink: (entry, line) => {
        entries.push(entry);
        lines.push(line);
      },
      hangTimeoutMs: IDLE_TIMEOUT_MS,
      // Virtual time runs ahead of the bookmarks' wall-clock timer: a watch may not have had one before a hang,
      // and one without is taken as hung only after its own timeout plus the bound (watch-manager.ts).
      watchTimeoutSeconds: 2,
      backoff: { initialMs: 20, maxMs: 200 },
    });
  let manager = newManager();
  const caughtUp = (skip: readonly SimResource[]): boolean =>
    manager
      .status()
      .reflectors.every(
        (status) =>
          skip.includes(status.resource as SimResource) ||
          (status.synced && Number(status.resourceVersion || 0) >= newest[status.resource as SimResource]),
      );
  const describe = (): string => `${JSON.stringify(manager.status().reflectors)} vs ${JSON.stringify(newest)}`;
  const windows = [...(options.faults ?? [])].sort((a, b) => a.atMs - b.atMs);
  const blind: BlindWindow[] = [];
  try {
    cluster.start();
    manager.start();
    const stepMs = options.stepMs ?? 100;
    const limit = cluster.startedAt + (options.limitMs ?? 10 * 60_000);
    await until(
      () => caughtUp([]),
      10_000,
      () => `the first lists: ${describe()}`,
    );
    while (!cluster.done && clock.now() < limit) {
      const elapsed = clock.now() - cluster.startedAt;
      const window = windows[0] && windows[0].atMs <= elapsed ? windows.shift() : undefined;
      if (window) {
        const from = clock.now();
        const seenBefore = entries.length;
        if (window.fault.kind === 'observer-restart') {
          await manager.stop();
          clock.advanceTo(from + window.forMs);
          const last = Math.max(...entries.map((e) => e.at));
          // What the store resumes after a restart (server/store/live-recorder.ts): the objects known at the last line.
          const known = new KnownAtEnd();
          entries.forEach((entry, index) => known.note(entry, lines[index] ?? ''));
          for (const resource of ALL_RESOURCES) {
            entries.push({
              at: last,
              type: 'WATCH',
              resource,
              state: 'disconnected',
              reason: 'drainscope was not running',
              since: last,
            });
            lines.push(formatWatchStateLine(last, resource, 'disconnected', 'drainscope was not running', last));
          }
          manager = newManager({ since: last, objects: known.objects() });
          manager.start();
          await until(
            () => caughtUp([]),
            10_000,
            () => `the lists after drainscope's restart: ${describe()}`,
          );
          blind.push({ from, to: clock.now() });
          continue;
        }
        const blocked = faultedResources(window.fault);
        const noticed = (): Promise<void> =>
          until(
            () =>
              blocked.every((resource) =>
                entries
                  .slice(seenBefore)
                  .some((e) => e.type === 'WATCH' && e.resource === resource && e.state === 'disconnected'),
              ),
            10_000,
            () => `the client to notice the fault: ${describe()}`,
          );
        startFault(window.fault, api.faults);
        // Let the client find out (its watch is cut, the retry refused) before time moves: the window is blind from its start.
        if (window.fault.kind !== 'hang') await noticed();
        if (blocked.length === ALL_RESOURCES.length) {
          clock.advanceTo(from + window.forMs);
        } else {
          while (clock.now() < from + window.forMs) {
            clock.advanceTo(Math.min(clock.now() + stepMs, from + window.forMs));
            await until(
              () => caughtUp(blocked),
              10_000,
              () => `a step in the fault window: ${describe()}`,
            );
          }
        }
        await endFault(window.fault, api.faults, noticed);
        await until(
          () => caughtUp([]),
          10_000,
          () => `the relist after the fault: ${describe()}`,
        );
        blind.push({ from, to: clock.now() });
        continue;
      }
      clock.advanceTo(clock.now() + stepMs);
      await until(
        () => caughtUp([]),
        10_000,
        () => `step at ${clock.now() - cluster.startedAt} ms: ${describe()}`,
      );
    }
    if (!cluster.done) throw new Error(`scenario ${options.scenario} did not finish`);
    api.faults.reset();
    const analysis = analyzeEntries(entries);
    const truth = cluster.groundTruth();
    const watchStates = entries.filter((entry): entry is WatchStateChange => entry.type === 'WATCH');
    const allowed = [...blind, ...clientBlindWindows(watchStates)];
    const check = checkAgainstTruth(analysis, truth, exitsSeenIn(entries), { deliveryMs: stepMs, blind: allowed });
    return { analysis, truth, entries, lines, watchStates, blind: allowed, faultWindows: blind, check };
  } finally {
    unsubscribe();
    await manager.stop();
    cluster.stop();
    await api.close();
  }
}
