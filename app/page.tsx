import { preload } from 'react-dom';
import { LiveDashboard } from '@/components/LiveDashboard';
import { decodeViewState, paramsFromRecord } from '@/lib/view/url-state';
import { liveSeedUrl } from '@/lib/live/live-view-state';
import { getLiveRuntime } from '@/server/live/singleton';

// Reads the live runtime per request: the mode can only be known at run time.
export const dynamic = 'force-dynamic';

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [runtime, params] = await Promise.all([getLiveRuntime(), searchParams]);
  // The browser fetches the hub's snapshot while it loads the scripts; the page picks the response up when it runs
  // and draws the lanes from it before the stream has opened. The view orders the snapshot's pods, the first
  // screen's first.
  const initialView = decodeViewState(paramsFromRecord(params));
  const seedUrl = liveSeedUrl(initialView);
  preload(seedUrl, { as: 'fetch', crossOrigin: 'anonymous' });
  return <LiveDashboard initialView={initialView} mode={runtime.health().mode} seedUrl={seedUrl} />;
}
