import { Dashboard } from '@/components/Dashboard';
import { decodeViewState, paramsFromRecord } from '@/lib/view/url-state';
import { liveSeed } from '@/server/live/page-seed';
import { getLiveRuntime } from '@/server/live/singleton';

// Reads the live runtime per request: the mode can only be known at run time.
export const dynamic = 'force-dynamic';

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [runtime, params] = await Promise.all([getLiveRuntime(), searchParams]);
  // The hub's snapshot goes in the page, so the lanes are drawn at hydration rather than once the stream is open.
  return (
    <Dashboard
      initialView={decodeViewState(paramsFromRecord(params))}
      source={{ kind: 'live', mode: runtime.health().mode, seedJson: JSON.stringify(liveSeed(runtime)) }}
    />
  );
}
