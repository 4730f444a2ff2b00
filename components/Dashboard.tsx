'use client';
import Link from 'next/link';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LiveMode } from '@/lib/live/protocol';
import type { LiveSeed } from '@/lib/live/live-view-state';
import type { Finding, PodTimeline, WorkloadSpec } from '@/lib/timeline/types';
import { blindWatches, connectionStatus, forbiddenWatch, unsyncedWatch } from '@/lib/view/connection';
import { paletteFor } from '@/lib/view/palette';
import type { PanZoomCommand } from '@/lib/view/pan-zoom';
import { goneBefore, scopeFindings } from '@/lib/view/finding-scope';
import { applyFolds, foldablePods, keptFromFolding, rowsOverflow, viewFolds } from '@/lib/view/fold-gone';
import { buildRowModel, toFilter } from '@/lib/view/row-model';
import type { TimeSpan } from '@/lib/view/time-scale';
import { fitSpan } from '@/lib/view/time-window';
import { DEFAULT_VIEW_STATE, type ViewState } from '@/lib/view/view-state';
import { DEFAULT_FOLLOW_WIDTH_MS, liveEdge, reachesLiveEdge, resolveSpan } from '@/lib/view/visible-span';
import { DashboardBody } from './DashboardBody';
import { DetailPanel } from './DetailPanel';
import { FindingsSummary } from './FindingsSummary';
import { HelpDialog } from './HelpDialog';
import { Legend } from './Legend';
import { StatusBadge } from './StatusBadge';
import { useExportSource } from './ExportMenu';
import { Toolbar } from './Toolbar';
import { useLiveStream, type SeedRest } from './useLiveStream';
import { useNow, usePrefersDark, useViewState } from './useViewState';

export type DashboardSource =
  // `seed`: the hub's snapshot the page fetched first (./LiveDashboard.tsx), drawn before the stream opens;
  // `seedRest`: set when `seed` is its first part only (drawn as loading until the rest is in).
  | { kind: 'live'; mode: LiveMode | null; seed?: LiveSeed | null; seedRest?: SeedRest | null }
  // `recordedRange`: a review's episode or range, which names its exports; `allowanceSeconds`: what it was analysed with.
  // `workloads`: the watched Deployments' specs (Analysis.workloads) for the capacity rows; absent: counts only.
  | {
      kind: 'static';
      pods: ReadonlyMap<string, PodTimeline>;
      findings: Finding[];
      recordedRange?: { from: number; to: number };
      allowanceSeconds?: number;
      workloads?: readonly WorkloadSpec[];
    };

const NO_WORKLOADS: readonly WorkloadSpec[] = [];

/** Optional parts for a page that is not the live view (the review): each replaces or adds to what live shows. */
export interface DashboardSlots {
  /** Shown instead of the connection status. */
  badge?: ReactNode;
  /** Between the header and the toolbar. */
  banner?: ReactNode;
  /** Below the lanes, across the page. */
  footer?: ReactNode;
  /** A replay's instant: lanes of pods still alive then run to it, a line marks it, relative time counts from it. */
  replayAtMs?: number | null;
}

/**
 * The whole page: live (or given) timelines → row model → lanes or table, with view state in the URL. The capacity
 * rows take the watched Deployments' specs from the stream (live) or the source's analysis (static).
 */
export function Dashboard({
  initialView,
  source,
  badge,
  banner,
  footer,
  replayAtMs = null,
}: { initialView: ViewState; source: DashboardSource } & DashboardSlots) {
  const [view, update] = useViewState(initialView, replayAtMs);
  const { live, transport } = useLiveStream(
    source.kind === 'live',
    source.kind === 'live' ? (source.seed ?? null) : null,
    source.kind === 'live' ? (source.seedRest ?? null) : null,
  );
  const [followWidthMs, setFollowWidthMs] = useState(DEFAULT_FOLLOW_WIDTH_MS);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const prefersDark = usePrefersDark();
  const dark = view.theme === 'dark' || (view.theme === 'system' && prefersDark);
  const palette = paletteFor(dark);

  const pods = source.kind === 'live' ? live.pods : source.pods;
  const findings = source.kind === 'live' ? live.findings : source.findings;
  const workloadSpecs = source.kind === 'live' ? live.workloads : (source.workloads ?? NO_WORKLOADS);
  const forgottenBefore = source.kind === 'live' ? live.forgottenBefore : null;
  // The live seed still arriving: part of the pods only, so no capacity, count or finding over them is known yet.
  const seedLoading = source.kind === 'live' ? live.seedLoading : null;
  const partial = seedLoading !== null;
  // Only what selects and groups rows: panning and zooming (the span) must not rebuild the model every frame.
  const { namespaces: nsFilter, workload, problemsOnly, search, align, focus } = view;
  const fullModel = useMemo(
    () =>
      buildRowModel(
        pods.values(),
        findings,
        { ...view, namespaces: nsFilter, workload, problemsOnly, search, align, focus },
        workloadSpecs,
        forgottenBefore,
        { partial },
      ),
    [pods, findings, nsFilter, workload, problemsOnly, search, align, focus, workloadSpecs, forgottenBefore, partial],
  );
  const isLive = source.kind === 'live';
  const following = isLive && view.span === null && !view.align;
  const now = useNow(isLive);
  const nowMs = isLive ? now : null;
  const span = resolveSpan({ userSpan: view.span, align: view.align, extent: fullModel.extent, nowMs, followWidthMs });
  const edge = liveEdge(now, fullModel.extent);
  // Gone pods with nothing in the window fold into one line per revision (lib/view/fold-gone.ts), when the rows do
  // not fit the lanes' viewport. The rows are rebuilt only when the set of foldable pods changes, not on every tick
  // of the followed window. A search or a finding's focus asks for particular pods, the table lists them all:
  // nothing folds then, nor does the selected pod.
  const [lanesHeight, setLanesHeight] = useState(600);
  const overflowing = useMemo(() => rowsOverflow(fullModel.rows, lanesHeight), [fullModel, lanesHeight]);
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(() => new Set());
  const onToggleFold = useCallback((revisionKey: string) => {
    setUnfolded((previous) => {
      const next = new Set(previous);
      if (!next.delete(revisionKey)) next.add(revisionKey);
      return next;
    });
  }, []);
  // While the seed arrives, the fold rows' counts are not known: nothing folds (the seed sends the pods that would
  // fold last, lib/view/seed-order.ts, so they are rarely on the first screen).
  const foldKey =
    partial || !overflowing || !viewFolds(view)
      ? ''
      : foldablePods(fullModel, span.startMs, keptFromFolding(view)).join('\n');
  // The findings panel counts what the lanes are about: the filtered pods, less the gone ones out of the window
  // while gone pods fold (not aligned: aligned lanes have no common window). Recomputed when that set changes.
  const outOfWindowKey = view.align || !overflowing ? '' : goneBefore(pods.values(), span.startMs).join('\n');
  const scopedFindings = useMemo(
    () =>
      scopeFindings(findings, pods, {
        filter: toFilter({ ...DEFAULT_VIEW_STATE, namespaces: nsFilter, workload, problemsOnly }),
        outOfWindow: new Set(outOfWindowKey ? outOfWindowKey.split('\n') : []),
        focus,
      }),
    [findings, pods, nsFilter, workload, problemsOnly, outOfWindowKey, focus],
  );
  const model = useMemo(
    () => applyFolds(fullModel, new Set(foldKey ? foldKey.split('\n') : []), unfolded),
    [fullModel, foldKey, unfolded],
  );

  const setSpan = useCallback(
    (next: TimeSpan) => {
      if (following && reachesLiveEdge(next, edge)) setFollowWidthMs(next.endMs - next.startMs);
      else update({ span: next });
    },
    [following, edge, update],
  );
  const selectedIndex = useMemo(() => model.pods.findIndex((row) => row.key === view.selected), [model, view.selected]);
  const onCommand = useCallback(
    (command: PanZoomCommand) => {
      if (command === 'fit') update({ span: model.extent ? fitSpan(model.extent) : null });
      else if (command === 'search') searchRef.current?.focus();
      else if (command === 'help') setHelp((open) => !open);
      else if (command === 'close' && help) setHelp(false);
      else if (command === 'close') update({ selected: null });
      else {
        const step = command === 'next' ? 1 : -1;
        const next =
          model.pods[
            selectedIndex < 0
              ? step > 0
                ? 0
                : model.pods.length - 1
              : Math.min(model.pods.length - 1, Math.max(0, selectedIndex + step))
          ];
        if (next) update({ selected: next.key });
      }
    },
    [model, selectedIndex, update, help],
  );

  const namespaces = useMemo(() => [...new Set([...pods.values()].map((p) => p.namespace))].sort(), [pods]);
  const workloads = useMemo(
    () =>
      [
        ...new Set(
          [...pods.values()]
            .filter((p) => p.workload && (view.namespaces.length === 0 || view.namespaces.includes(p.namespace)))
            .map((p) => `${p.workload!.kind}/${p.workload!.name}`),
        ),
      ].sort(),
    [pods, view.namespaces],
  );
  // Stable callbacks, so the memoized toolbar, findings and headers skip the renders that only the clock causes.
  const onSelect = useCallback((uid: string) => update({ selected: uid }), [update]);
  const onFocus = useCallback((focus: string | null) => update({ focus }), [update]);
  const onFollow = useCallback(() => update({ span: null }), [update]);
  const onFit = useCallback(() => onCommand('fit'), [onCommand]);
  const onCloseDetail = useCallback(() => update({ selected: null }), [update]);
  const selectedPod = view.selected ? (pods.get(view.selected) ?? null) : null;
  const status = isLive
    ? connectionStatus({
        nowMs: now,
        everOpened: transport.lastOpenAt !== null,
        downSince: transport.downSince,
        failures: transport.failures,
        streaming: live.connection === 'live',
      })
    : 'static';
  const swimlanes = {
    span,
    onSpan: setSpan,
    onCommand,
    nowMs: nowMs ?? replayAtMs,
    nowLineMs: view.align ? null : (nowMs ?? replayAtMs),
    originMs: view.align ? 0 : (replayAtMs ?? edge),
    clipAtMs: replayAtMs,
    timeLabels: view.align ? 'relative' : view.timeLabels,
    palette,
    selectedUid: view.selected,
    onSelect,
    onToggleFold,
    onViewportHeight: setLanesHeight,
  };
  // The image export draws what the lanes draw, from the same inputs.
  const exportSource = useExportSource({
    ...swimlanes,
    model,
    view,
    live: isLive,
    cluster: isLive ? (live.hello?.cluster ?? null) : null,
    findings,
    allowanceSeconds: isLive ? live.hello?.allowanceSeconds : source.allowanceSeconds,
    recordedRange: isLive ? null : (source.recordedRange ?? null),
  });

  return (
    <div className={`${dark ? 'dark' : ''} h-screen`} data-theme={dark ? 'dark' : 'light'}>
      <div className="flex h-screen flex-col bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <header className="flex items-center gap-4 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-700 dark:bg-slate-900">
          <h1 className="text-lg font-semibold tracking-tight">
            drain<span className="text-[#D55E00]">scope</span>
          </h1>
          {badge ?? (
            <StatusBadge
              status={status}
              mode={isLive ? (live.hello?.mode ?? source.mode) : null}
              cluster={isLive ? (live.hello?.cluster ?? null) : null}
              blind={isLive ? blindWatches(live.watches) : undefined}
            />
          )}
          <span
            className="ml-auto text-xs text-slate-500"
            data-testid="pod-count"
            data-loading={seedLoading ? 'true' : undefined}
          >
            {seedLoading
              ? `Loading pods: ${seedLoading.received.toLocaleString('en-US')} of ${seedLoading.total.toLocaleString('en-US')}…`
              : `${fullModel.pods.length} of ${pods.size} pods`}
            {model.pods.length < fullModel.pods.length
              ? ` · ${fullModel.pods.length - model.pods.length} gone earlier, folded`
              : ''}
            {model.hiddenUndeleted && !partial ? ` · ${model.hiddenUndeleted} not deleted (hidden while aligned)` : ''}
          </span>
          <Link
            href="/history"
            data-testid="history-link"
            className="text-[13px] font-medium text-sky-700 hover:underline dark:text-sky-400"
            title="Recorded episodes: review past terminations"
          >
            History
          </Link>
          <select
            aria-label="Theme"
            data-testid="theme"
            className="h-7 rounded border border-slate-300 bg-white px-1.5 text-[12px] dark:border-slate-600 dark:bg-slate-900"
            value={view.theme}
            onChange={(e) =>
              update({ theme: e.target.value === 'dark' ? 'dark' : e.target.value === 'light' ? 'light' : 'system' })
            }
          >
            <option value="system">Auto theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          <button
            type="button"
            className="rounded border border-slate-300 px-2 text-sm dark:border-slate-600"
            onClick={() => setHelp(true)}
            aria-label="Keyboard help"
          >
            ?
          </button>
        </header>
        {live.hello?.notice && (
          <p className="border-b border-amber-300 bg-amber-50 px-4 py-1 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            {live.hello.notice}
          </p>
        )}
        {banner}
        <Toolbar
          view={view}
          onChange={update}
          namespaces={namespaces}
          workloads={workloads}
          following={following}
          canFollow={isLive && !view.align}
          onFollow={onFollow}
          onFit={onFit}
          searchRef={searchRef}
          exportSource={exportSource}
        />
        <div className="flex min-h-0 flex-1">
          <nav
            className="w-72 shrink-0 space-y-5 overflow-y-auto border-r border-slate-200 p-4 dark:border-slate-700"
            aria-label="Findings and legend"
          >
            <FindingsSummary findings={scopedFindings} focus={view.focus} onFocus={onFocus} loading={partial} />
            <Legend palette={palette} />
          </nav>
          <main className="flex min-w-0 flex-1 flex-col">
            <DashboardBody
              view={view}
              model={model}
              status={status}
              forbidden={forbiddenWatch(live.watches)}
              unsynced={unsyncedWatch(live.watches)}
              cluster={isLive ? (live.hello?.cluster ?? null) : null}
              podCount={pods.size}
              swimlanes={swimlanes}
              onSelect={onSelect}
            />
          </main>
          {selectedPod && (
            <DetailPanel key={selectedPod.uid} pod={selectedPod} findings={findings} onClose={onCloseDetail} />
          )}
        </div>
        {footer}
        {help && <HelpDialog onClose={() => setHelp(false)} />}
      </div>
    </div>
  );
}
