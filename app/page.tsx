import { Dashboard } from '@/components/Dashboard';
import { decodeViewState, paramsFromRecord } from '@/lib/view/url-state';
import { getLiveRuntime } from '@/server/live/singleton';

// Reads the live runtime per request: the mode can only be known at run time.
export const dynamic = 'force-dynamic';

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [health, params] = await Promise.all([getLiveRuntime().then((runtime) => runtime.health()), searchParams]);
  return <Dashboard initialView={decodeViewState(paramsFromRecord(params))} source={{ kind: 'live', mode: health.mode }} />;
}
