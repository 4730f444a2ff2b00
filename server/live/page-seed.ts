/**
 * Where the live page starts (`GET /api/stream/seed`, ./routes.ts): the hub's current snapshot with the event id the
 * stream would give it, so the lanes are drawn as soon as the page's scripts run instead of after the stream has
 * opened and delivered its snapshot (lib/live/live-view-state.ts `LiveSeed` says how the stream resumes). The page
 * preloads it (app/page.tsx) rather than carrying it: written into the page, the snapshot made the page as large as
 * itself and crossed as a string inside inline scripts (bench/live-path.bench.ts measured both).
 *
 * Unfiltered, like the page's stream: the page filters on its side. Behind the same gate as the page (proxy.ts).
 */
import type { LiveSeed } from '@/lib/live/live-view-state';
import type { SeedHeader } from '@/lib/live/seed-reader';
import { firstScreenOrder } from '@/lib/view/seed-order';
import type { ViewState } from '@/lib/view/view-state';
import type { TimelineHub } from '../hub/hub';
import { formatEventId, podJson } from '../sse/frames';
import type { LiveRuntime } from './runtime';

/**
 * `view`: the view the page asked for (its URL): the pods come in the order of its lanes, the first screen's first
 * (lib/view/seed-order.ts), so the page can draw them before the rest is in. Without one, the hub's order.
 */
export function liveSeed(
  runtime: { hub: TimelineHub; hello: LiveRuntime['hello'] },
  view: ViewState | null = null,
  nowMs: number = Date.now(),
): LiveSeed {
  const snapshot = runtime.hub.snapshot();
  const pods = view
    ? firstScreenOrder({
        pods: snapshot.pods,
        findings: snapshot.findings,
        view,
        workloads: snapshot.workloads,
        forgottenBefore: snapshot.forgottenBefore ?? null,
        nowMs,
      })
    : snapshot.pods;
  return {
    hello: runtime.hello(),
    snapshot: {
      type: 'snapshot',
      resync: false,
      pods,
      findings: snapshot.findings,
      watches: snapshot.watches,
      workloads: snapshot.workloads,
      ...(snapshot.forgottenBefore !== undefined && { forgottenBefore: snapshot.forgottenBefore }),
    },
    eventId: formatEventId(runtime.hub.epoch, snapshot.seq),
  };
}

/**
 * The seed as newline-delimited JSON (lib/live/seed-reader.ts reads it): a header line, then the pods in lines of
 * `podsPerSlice`, the event loop turning between lines. The first line holds `firstSlice` pods (at most
 * `podsPerSlice`): the page draws its first screen from it, so it is small enough to arrive and be read quickly,
 * large enough to fill a tall screen.
 * At 10,000 pods the text is ~14 MB: written in one piece it held the server for a third of a second, and the
 * page's own scripts, requested meanwhile, waited behind it; in lines, the page reads and checks each one while the
 * next is on its way. The pods are the hub's timelines as of the snapshot (each update replaces a pod's timeline,
 * none is changed in place), so a line written later still says what the snapshot held.
 */
export function seedStream(seed: LiveSeed, podsPerSlice = 250, firstSlice = 100): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { pods, ...snapshot } = seed.snapshot;
  const header: SeedHeader = { hello: seed.hello, eventId: seed.eventId, snapshot, pods: pods.length };
  let next = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${JSON.stringify(header)}\n`));
    },
    async pull(controller) {
      if (next >= pods.length) {
        controller.close();
        return;
      }
      if (next > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = pods.slice(next, next + (next === 0 ? Math.min(firstSlice, podsPerSlice) : podsPerSlice));
      next += slice.length;
      controller.enqueue(encoder.encode(`[${slice.map(podJson).join(',')}]\n`));
    },
  });
}
