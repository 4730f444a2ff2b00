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
import type { TimelineHub } from '../hub/hub';
import { formatEventId } from '../sse/frames';
import type { LiveRuntime } from './runtime';

export function liveSeed(runtime: { hub: TimelineHub; hello: LiveRuntime['hello'] }): LiveSeed {
  const snapshot = runtime.hub.snapshot();
  return {
    hello: runtime.hello(),
    snapshot: {
      type: 'snapshot',
      resync: false,
      pods: snapshot.pods,
      findings: snapshot.findings,
      watches: snapshot.watches,
      workloads: snapshot.workloads,
      ...(snapshot.forgottenBefore !== undefined && { forgottenBefore: snapshot.forgottenBefore }),
    },
    eventId: formatEventId(runtime.hub.epoch, snapshot.seq),
  };
}
