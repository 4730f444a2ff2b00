import { memo } from 'react';
import type { LiveMode } from '@/lib/live/protocol';
import type { ConnectionStatus } from '@/lib/view/connection';
import { formatClock } from '@/lib/view/labels';

const STATUS = {
  connecting: { text: 'Connecting…', className: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200' },
  live: { text: 'Live', className: 'bg-[#009E73] text-white' },
  reconnecting: { text: 'Reconnecting…', className: 'bg-[#E69F00] text-black' },
  stale: { text: 'Stale: connection lost', className: 'bg-[#D55E00] text-white' },
  unreachable: { text: 'API unreachable', className: 'bg-[#D55E00] text-white' },
} as const;

const MODE = { cluster: 'Cluster', 'in-cluster': 'In-cluster', simulated: 'Simulated cluster' } as const;

interface StatusBadgeProps {
  status: ConnectionStatus | 'static';
  mode: LiveMode | null;
  cluster: string | null;
  /** Resources not being received from the cluster right now (lib/view/connection.ts blindWatches). */
  blind?: { resources: string[]; reason: string | null; since?: number | null; hung?: string[] };
}

function blindTitle(blind: NonNullable<StatusBadgeProps['blind']>): string | undefined {
  const parts: string[] = [];
  if (blind.reason) parts.push(blind.reason);
  if (blind.hung && blind.hung.length > 0)
    parts.push(
      `${blind.hung.join(', ')}: no event or bookmark arrived within the hang bound; what happened since may be missing or late`,
    );
  return parts.length > 0 ? parts.join('\n') : undefined;
}

export const StatusBadge = memo(function StatusBadge({ status, mode, cluster, blind }: StatusBadgeProps) {
  const shown =
    status === 'static'
      ? { text: 'Synthetic data', className: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200' }
      : STATUS[status];
  return (
    <div
      className="flex items-center gap-2 text-xs"
      data-testid="connection-status"
      data-status={status}
      role="status"
      aria-live="polite"
    >
      <span className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 font-semibold ${shown.className}`}>
        {status === 'live' && <span className="size-1.5 animate-pulse rounded-full bg-white" aria-hidden />}
        {shown.text}
      </span>
      {mode && (
        <span
          className={`rounded-full px-2.5 py-0.5 font-semibold ${mode === 'simulated' ? 'bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50' : 'bg-slate-200 dark:bg-slate-700'}`}
          data-testid="mode-badge"
        >
          {MODE[mode]}
        </span>
      )}
      {blind && blind.resources.length > 0 && (
        <span className="rounded-full bg-[#E69F00] px-2.5 py-0.5 font-semibold text-black" title={blindTitle(blind)}>
          <span data-testid="watch-badge">Not receiving: {blind.resources.join(', ')}</span>
          {blind.since != null && (
            // What the watches delivered after this time may be missing or late: the blind window starts here.
            <span data-testid="watch-blind-since" className="font-normal">
              {' '}
              {blind.hung && blind.hung.length > 0 ? `(${blind.hung.join(', ')} hung) ` : ''}since{' '}
              {formatClock(blind.since, false)} UTC
            </span>
          )}
        </span>
      )}
      {cluster && (
        <span className="max-w-[16rem] truncate text-slate-500" title={cluster}>
          {cluster}
        </span>
      )}
    </div>
  );
});
