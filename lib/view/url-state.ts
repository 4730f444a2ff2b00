/**
 * View state ⇄ URL query, so a link reproduces the view. Only values that differ from the defaults are written;
 * anything unreadable falls back to the default instead of failing (links get hand-edited).
 */
import { DEFAULT_VIEW_STATE, type ThemeChoice, type TimeLabels, type ViewMode, type ViewState } from './view-state';

const VIEWS: readonly ViewMode[] = ['lanes', 'table'];
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const LABELS: readonly TimeLabels[] = ['absolute', 'relative'];

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return values.find((candidate) => candidate === value) ?? fallback;
}

function flag(value: string | null): boolean {
  return value === '1' || value === 'true';
}

function parseSpan(value: string | null): ViewState['span'] {
  const match = /^(-?\d+(?:\.\d+)?)~(-?\d+(?:\.\d+)?)$/.exec(value ?? '');
  if (!match) return null;
  const startMs = Number(match[1]);
  const endMs = Number(match[2]);
  return Number.isFinite(startMs) && Number.isFinite(endMs) && endMs > startMs ? { startMs, endMs } : null;
}

function parseInstant(value: string | null): number | null {
  if (!value || !/^\d+$/.test(value)) return null;
  const atMs = Number(value);
  return Number.isSafeInteger(atMs) ? atMs : null;
}

export function decodeViewState(params: URLSearchParams): ViewState {
  const namespaces = params
    .getAll('namespace')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  return {
    namespaces,
    workload: params.get('workload')?.trim() || null,
    problemsOnly: flag(params.get('problems')),
    search: params.get('q') ?? '',
    align: flag(params.get('align')),
    timeLabels: oneOf(LABELS, params.get('time'), DEFAULT_VIEW_STATE.timeLabels),
    view: oneOf(VIEWS, params.get('view'), DEFAULT_VIEW_STATE.view),
    theme: oneOf(THEMES, params.get('theme'), DEFAULT_VIEW_STATE.theme),
    span: parseSpan(params.get('t')),
    selected: params.get('pod') || null,
    focus: params.get('focus') || null,
    replayAt: parseInstant(params.get('at')),
  };
}

export function encodeViewState(state: ViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.namespaces.length) params.set('namespace', state.namespaces.join(','));
  if (state.workload) params.set('workload', state.workload);
  if (state.problemsOnly) params.set('problems', '1');
  if (state.search) params.set('q', state.search);
  if (state.align) params.set('align', '1');
  if (state.timeLabels !== DEFAULT_VIEW_STATE.timeLabels) params.set('time', state.timeLabels);
  if (state.view !== DEFAULT_VIEW_STATE.view) params.set('view', state.view);
  if (state.theme !== DEFAULT_VIEW_STATE.theme) params.set('theme', state.theme);
  // Whole ms are plenty and keep links short.
  if (state.span) params.set('t', `${Math.round(state.span.startMs)}~${Math.round(state.span.endMs)}`);
  if (state.selected) params.set('pod', state.selected);
  if (state.focus) params.set('focus', state.focus);
  if (state.replayAt !== null) params.set('at', String(Math.round(state.replayAt)));
  return params;
}

/** A plain record (Next's `searchParams`) as URLSearchParams. */
export function paramsFromRecord(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, item);
  }
  return params;
}
