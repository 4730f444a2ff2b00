import { describe, expect, it } from 'vitest';
import type { Row } from './row-model';
import { ROW_HEIGHTS, RowLayout } from './row-layout';
import { testPod } from './test-pods';

function rows(podCount: number): Row[] {
  const list: Row[] = [
    { kind: 'workload', key: 'w', namespace: 'shop', label: 'Deployment web', podCount, problemCount: 0 },
    { kind: 'revision', key: 'r', label: 'web-1', podCount },
  ];
  for (let i = 0; i < podCount; i++)
    list.push({
      kind: 'pod',
      key: `p${i}`,
      pod: testPod({ uid: `p${i}` }),
      offsetMs: 0,
      worst: null,
      terminating: false,
    });
  return list;
}

describe('RowLayout', () => {
  const layout = new RowLayout(rows(1_000));
  const headers = ROW_HEIGHTS.workload + ROW_HEIGHTS.revision;

  it('stacks rows by their kind heights', () => {
    expect(layout.top(0)).toBe(0);
    expect(layout.top(2)).toBe(headers);
    expect(layout.totalHeight).toBe(headers + 1_000 * ROW_HEIGHTS.pod);
  });

  it('finds the row under a y coordinate, and none outside', () => {
    expect(layout.indexAt(0)).toBe(0);
    expect(layout.indexAt(headers)).toBe(2);
    expect(layout.indexAt(headers + ROW_HEIGHTS.pod * 10 + 1)).toBe(12);
    expect(layout.indexAt(-1)).toBe(-1);
    expect(layout.indexAt(layout.totalHeight)).toBe(-1);
  });

  it('renders only the rows in the viewport plus overscan', () => {
    const range = layout.visible(headers + ROW_HEIGHTS.pod * 500, ROW_HEIGHTS.pod * 10, 2);
    expect(range).toEqual({ first: 500, end: 514 });
    expect(layout.visible(1e9, 300, 0).end).toBe(1_002);
    expect(new RowLayout([]).visible(0, 300)).toEqual({ first: 0, end: 0 });
  });

  it('scrolls just enough to show a row', () => {
    expect(layout.scrollToShow(2, 0, 300)).toBe(0);
    expect(layout.scrollToShow(100, 0, 300)).toBe(layout.top(101) - 300);
    expect(layout.scrollToShow(5, 1_000, 300)).toBe(layout.top(5));
  });
});
