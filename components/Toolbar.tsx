import { memo, type RefObject } from 'react';
import type { ImageExportInput } from '@/lib/view/export/svg-export';
import type { ViewState } from '@/lib/view/view-state';
import { ExportMenu } from './ExportMenu';

interface ToolbarProps {
  view: ViewState;
  onChange(patch: Partial<ViewState>): void;
  namespaces: string[];
  workloads: string[];
  following: boolean;
  canFollow: boolean;
  onFollow(): void;
  onFit(): void;
  searchRef: RefObject<HTMLInputElement | null>;
  /** What an image export draws, read at the click (a stable getter: see ExportMenu's useExportSource). */
  exportSource(): ImageExportInput;
}

const control = 'h-8 rounded border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-600 dark:bg-slate-900';
// A label never wraps: a two-line button in a one-line toolbar pushes everything beside it.
const toggle = (on: boolean) =>
  `h-8 shrink-0 whitespace-nowrap rounded border px-2.5 text-[13px] ${on ? 'border-sky-700 bg-sky-700 text-white dark:border-sky-500 dark:bg-sky-600' : 'border-slate-300 bg-white hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800'}`;

/** Filters, search and view switches; every one of them is part of the URL. */
export const Toolbar = memo(function Toolbar({
  view,
  onChange,
  namespaces,
  workloads,
  following,
  canFollow,
  onFollow,
  onFit,
  searchRef,
  exportSource,
}: ToolbarProps) {
  return (
    <div
      className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-700"
      role="toolbar"
      aria-label="Filters and view"
    >
      <label className="sr-only" htmlFor="namespace-filter">
        Namespace
      </label>
      <select
        id="namespace-filter"
        data-testid="namespace-filter"
        className={control}
        value={view.namespaces[0] ?? ''}
        onChange={(e) => onChange({ namespaces: e.target.value ? [e.target.value] : [], workload: null, focus: null })}
      >
        <option value="">All namespaces</option>
        {namespaces.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="workload-filter">
        Workload
      </label>
      <select
        id="workload-filter"
        data-testid="workload-filter"
        className={control}
        value={view.workload ?? ''}
        onChange={(e) => onChange({ workload: e.target.value || null, focus: null })}
      >
        <option value="">All workloads</option>
        {workloads.map((w) => (
          <option key={w} value={w}>
            {w.replace('/', ' ')}
          </option>
        ))}
      </select>
      <label className="flex h-8 items-center gap-1.5 text-[13px]">
        <input
          type="checkbox"
          data-testid="problems-only"
          checked={view.problemsOnly}
          onChange={(e) => onChange({ problemsOnly: e.target.checked })}
        />
        Problems only
      </label>
      <input
        ref={searchRef}
        type="search"
        data-testid="search"
        placeholder="Search pods, nodes, revisions (/)"
        aria-label="Search pods"
        className={`${control} w-56`}
        value={view.search}
        onChange={(e) => onChange({ search: e.target.value })}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
      />
      <span className="mx-1 h-6 w-px bg-slate-300 dark:bg-slate-600" aria-hidden />
      <button
        type="button"
        data-testid="align-toggle"
        aria-pressed={view.align}
        className={toggle(view.align)}
        onClick={() => onChange({ align: !view.align, span: null })}
        title="Put every pod's delete request at t = 0"
      >
        Align by deletion
      </button>
      <select
        aria-label="Time labels"
        data-testid="time-labels"
        className={control}
        value={view.timeLabels}
        onChange={(e) => onChange({ timeLabels: e.target.value === 'relative' ? 'relative' : 'absolute' })}
      >
        <option value="absolute">Clock time (UTC)</option>
        <option value="relative">Relative time</option>
      </select>
      {canFollow && (
        <button
          type="button"
          data-testid="follow-live"
          aria-pressed={following}
          className={`${toggle(following)} min-w-[8.5rem] text-center`}
          onClick={onFollow}
          title="Keep the live edge in view"
        >
          {following ? '● Following now' : 'Follow live'}
        </button>
      )}
      <button type="button" className={toggle(false)} onClick={onFit} title="Fit every lane (F)">
        Fit
      </button>
      <span className="ml-auto" />
      <ExportMenu source={exportSource} />
      <div
        className="flex overflow-hidden rounded border border-slate-300 dark:border-slate-600"
        role="group"
        aria-label="View"
      >
        {(['lanes', 'table'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            data-testid={`view-${mode}`}
            aria-pressed={view.view === mode}
            className={`h-8 px-3 text-[13px] capitalize ${view.view === mode ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'bg-white dark:bg-slate-900'}`}
            onClick={() => onChange({ view: mode })}
          >
            {mode}
          </button>
        ))}
      </div>
    </div>
  );
});
