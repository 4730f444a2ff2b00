'use client';
import { useEffect, useState } from 'react';
import type { Finding, PodTimeline } from '@/lib/timeline/types';
import { syntheticTimelines } from '@/lib/view/synthetic-timelines';
import type { ViewState } from '@/lib/view/view-state';
import { Dashboard } from './Dashboard';

type StaticSource = { kind: 'static'; pods: ReadonlyMap<string, PodTimeline>; findings: Finding[] };

/**
 * The dashboard over generated timelines, generated in the browser after mount, as live data arrives on the real
 * page: the server neither generates nor renders thousands of lanes, and the page stays small and quick to hydrate.
 */
export function SyntheticDashboard({ initialView, pods }: { initialView: ViewState; pods: number }) {
  const [source, setSource] = useState<StaticSource | null>(null);
  useEffect(() => {
    const data = syntheticTimelines(pods);
    setSource({ kind: 'static', pods: new Map(data.pods.map((pod) => [pod.uid, pod])), findings: data.findings });
  }, [pods]);
  if (!source)
    return (
      <p className="p-4 text-sm text-slate-500" data-testid="generating">
        Generating {pods} timelines…
      </p>
    );
  return <Dashboard initialView={initialView} source={source} />;
}
