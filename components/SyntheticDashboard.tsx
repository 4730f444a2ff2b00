'use client';
import { useMemo } from 'react';
import { syntheticTimelines } from '@/lib/view/synthetic-timelines';
import type { ViewState } from '@/lib/view/view-state';
import { Dashboard } from './Dashboard';

/** The dashboard over generated timelines, built in the browser so the page payload stays small. */
export function SyntheticDashboard({ initialView, pods }: { initialView: ViewState; pods: number }) {
  const source = useMemo(() => {
    const data = syntheticTimelines(pods);
    return { kind: 'static' as const, pods: new Map(data.pods.map((pod) => [pod.uid, pod])), findings: data.findings };
  }, [pods]);
  return <Dashboard initialView={initialView} source={source} />;
}
