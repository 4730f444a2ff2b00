/** Words and number formats the dashboard shows for markers, gaps and times (UTC, like the CLI). */
import type { GapKind, Marker, MarkerKind, Precision } from '../timeline/types';

export const MARKER_LABELS: Record<MarkerKind, string> = {
  created: 'Created',
  scheduled: 'Scheduled',
  ready: 'Ready',
  endpointReady: 'Endpoint ready',
  deleteRequested: 'Delete requested',
  graceDeadline: 'Grace deadline',
  killing: 'Killing (kubelet begins)',
  preStopStart: 'preStop start',
  preStopEnd: 'preStop end',
  sigterm: 'SIGTERM',
  endpointNotReady: 'Endpoint not ready',
  endpointNotServing: 'Endpoint not serving',
  endpointRemoved: 'Endpoint removed',
  containerExited: 'Container exited',
  sigkill: 'SIGKILL',
  podDeleted: 'Pod gone',
};

export const GAP_LABELS: Record<GapKind, { title: string; meaning: string }> = {
  sigtermWhileRouted: {
    title: 'SIGTERM while routed',
    meaning: 'The app was told to stop while its endpoint still said ready.',
  },
  exitWhileRouted: {
    title: 'Exit while routed',
    meaning: 'Nothing listened any more, but the endpoint still said ready: routed requests failed.',
  },
  shortPropagationBuffer: {
    title: 'Short propagation buffer',
    meaning:
      'SIGTERM came less than the propagation allowance after the endpoint went not ready: data planes may still have routed to a pod shutting down.',
  },
  killedAtDeadline: {
    title: 'Killed at deadline',
    meaning: 'The drain did not finish within the grace period: SIGKILL cut requests in flight.',
  },
  preStopCutByGrace: {
    title: 'preStop cut by grace',
    meaning: 'The preStop hook ran into the grace deadline and was abandoned; SIGTERM got only 2 s.',
  },
  watchBlind: { title: 'Watch blind', meaning: 'A watch was disconnected here: transitions may have been missed.' },
};

export const PRECISION_LABELS: Record<Precision, string> = {
  observed: 'observed (watch receipt, ms)',
  second: 'API timestamp (whole seconds)',
  estimated: 'estimated (inferred, never reported by the API)',
};

/** `SIGKILL`, `Container exited app: 137 Error`. */
export function markerTitle(marker: Marker): string {
  const base = MARKER_LABELS[marker.kind];
  if (marker.kind === 'containerExited') {
    const code = marker.exitCode === undefined ? '' : ` ${marker.exitCode}`;
    return `${base}${marker.container ? ` ${marker.container}` : ''}:${code}${marker.reason ? ` ${marker.reason}` : ''}`;
  }
  return marker.container && marker.kind !== 'killing' ? `${base} (${marker.container})` : base;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `04:25:15.184` in UTC; milliseconds only when `withMs`. */
export function formatClock(ms: number, withMs = true): string {
  const date = new Date(ms);
  const clock = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return withMs ? `${clock}.${pad(date.getUTCMilliseconds(), 3)}` : clock;
}

/** A signed duration: `+0.18 s`, `−12 s`, `+2m05s`, `+1h02m`. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  if (abs < 10_000)
    return `${sign}${(abs / 1000).toFixed(abs < 1_000 && abs % 1000 !== 0 ? 2 : 1).replace(/\.0$/, '')} s`;
  if (abs < 60_000) return `${sign}${Math.round(abs / 1000)} s`;
  if (abs < 3_600_000) return `${sign}${Math.floor(abs / 60_000)}m${pad(Math.floor((abs % 60_000) / 1000))}s`;
  return `${sign}${Math.floor(abs / 3_600_000)}h${pad(Math.floor((abs % 3_600_000) / 60_000))}m`;
}

/** An axis label for a tick, as short as the step allows. */
export function formatTick(ms: number, stepMs: number, mode: 'absolute' | 'relative'): string {
  if (mode === 'relative') {
    if (ms === 0) return '0';
    if (stepMs < 1_000) return `${ms < 0 ? '−' : '+'}${(Math.abs(ms) / 1000).toFixed(stepMs < 100 ? 2 : 1)} s`;
    return formatOffset(ms);
  }
  if (stepMs < 1_000) return formatClock(ms, true);
  return formatClock(ms, false);
}
