'use client';
import { useRouter } from 'next/navigation';
import type { ClusterChoice } from '@/lib/review/api-schemas';

/** Enough of the kube-system UID to tell apart two clusters whose contexts share a name. */
export function clusterLabel(cluster: ClusterChoice): string {
  const uid = cluster.uid ? ` · ${cluster.uid.slice(0, 8)}` : '';
  return `${cluster.name}${uid}${cluster.current ? ' (watched now)' : ''}`;
}

/**
 * Which cluster's history the page lists (`/history?cluster=ID`). Each cluster drainscope watched has its own
 * history, even two whose kubeconfig contexts share a name: they are told apart by their kube-system UID.
 */
export function ClusterPicker({ clusters, chosen }: { clusters: ClusterChoice[]; chosen: number | null }) {
  const router = useRouter();
  const shown = clusters.find((cluster) => cluster.id === chosen) ?? clusters.find((cluster) => cluster.current);
  if (!shown) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="cluster-picker">
      <label htmlFor="history-cluster" className="font-semibold">
        Cluster
      </label>
      <select
        id="history-cluster"
        className="h-8 max-w-full rounded border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-600 dark:bg-slate-900"
        value={shown.id}
        onChange={(event) => router.push(`/history?cluster=${event.target.value}`)}
        data-testid="cluster-select"
      >
        {clusters.map((cluster) => (
          <option
            key={cluster.id}
            value={cluster.id}
            title={
              cluster.uid
                ? `kube-system namespace UID ${cluster.uid}`
                : 'kube-system UID not readable: known by its API server and CA'
            }
          >
            {clusterLabel(cluster)}
          </option>
        ))}
      </select>
    </div>
  );
}
