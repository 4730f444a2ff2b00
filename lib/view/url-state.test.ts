import { describe, expect, it } from 'vitest';
import { decodeViewState, encodeViewState, paramsFromRecord } from './url-state';
import { DEFAULT_VIEW_STATE, type ViewState } from './view-state';

describe('URL state', () => {
  it('writes nothing for the default view', () => {
    expect(encodeViewState(DEFAULT_VIEW_STATE).toString()).toBe('');
    expect(decodeViewState(new URLSearchParams())).toEqual(DEFAULT_VIEW_STATE);
  });

  it('round-trips every field', () => {
    const state: ViewState = {
      namespaces: ['shop', 'payments'],
      workload: 'Deployment/web',
      problemsOnly: true,
      search: 'web-7d <b>',
      align: true,
      timeLabels: 'relative',
      view: 'table',
      theme: 'dark',
      span: { startMs: -5_000, endMs: 40_000 },
      selected: 'uid-1',
      focus: 'sigkilled:Deployment/web',
      replayAt: 1_764_843_000_123,
    };
    expect(decodeViewState(new URLSearchParams(encodeViewState(state).toString()))).toEqual(state);
  });

  it('falls back to defaults for values it cannot read', () => {
    const state = decodeViewState(new URLSearchParams('view=graph&theme=pink&t=9~3&time=&align=yes'));
    expect(state.view).toBe('lanes');
    expect(state.theme).toBe('system');
    expect(state.span).toBeNull();
    expect(state.align).toBe(false);
  });

  it('keeps the replay cursor as whole epoch ms, and drops one it cannot read', () => {
    expect(encodeViewState({ ...DEFAULT_VIEW_STATE, replayAt: 1_000.6 }).get('at')).toBe('1001');
    for (const at of ['soon', '-5', '1e12', '99999999999999999999'])
      expect(decodeViewState(new URLSearchParams({ at })).replayAt).toBeNull();
  });

  it('reads repeated and comma-separated namespaces from a Next searchParams record', () => {
    const params = paramsFromRecord({ namespace: ['shop', 'a,b'], q: 'web', none: undefined });
    expect(decodeViewState(params).namespaces).toEqual(['shop', 'a', 'b']);
    expect(decodeViewState(params).search).toBe('web');
  });
});
