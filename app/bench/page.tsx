import { SyntheticDashboard } from '@/components/SyntheticDashboard';
import { decodeViewState, paramsFromRecord } from '@/lib/view/url-state';

/** `/bench?pods=N`: the dashboard fed N generated timelines (bench:ui); no cluster involved. */
export default async function BenchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = paramsFromRecord(await searchParams);
  const pods = Math.min(20_000, Math.max(0, Number(params.get('pods') ?? '1000') || 0));
  return <SyntheticDashboard initialView={decodeViewState(params)} pods={pods} />;
}
