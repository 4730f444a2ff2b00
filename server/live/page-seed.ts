/**
 * The live page's first data, rendered into the page itself (app/page.tsx → components/Dashboard.tsx): the hub's
 * current snapshot with the event id the stream would give it, so the lanes are drawn at hydration instead of after
 * the stream has opened and delivered its snapshot (lib/live/live-view-state.ts `LiveSeed` says how the stream resumes).
 *
 * Unfiltered, like the page's stream: the page filters on its side. It reaches the browser as JSON text in a prop
 * (lib/live/live-view-state.ts `parseLiveSeed` says why text), inside the React Server Components payload, which Next
 * writes into inline scripts with `<`, `>`, `&`, U+2028 and U+2029 escaped; behind the same gate as the page (proxy.ts).
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
