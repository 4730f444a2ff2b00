'use client';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { axisTicks } from '@/lib/view/axis-ticks';
import type { Palette } from '@/lib/view/palette';
import { PanZoomController, type PanZoomCommand } from '@/lib/view/pan-zoom';
import { RowLayout, type VisibleRange } from '@/lib/view/row-layout';
import type { RowModel } from '@/lib/view/row-model';
import { TimeScale, type TimeSpan } from '@/lib/view/time-scale';
import type { TimeLabels } from '@/lib/view/view-state';
import { LaneCanvas } from './LaneCanvas';
import { LaneHeaders } from './LaneHeaders';
import { TimeAxis } from './TimeAxis';
import { useVisibleSpan } from './useVisibleSpan';

export const HEADER_WIDTH = 300;

interface SwimlaneViewProps {
  model: RowModel;
  span: TimeSpan;
  onSpan(span: TimeSpan): void;
  onCommand(command: PanZoomCommand): void;
  /** Epoch ms live lanes extend to (null: not live). */
  nowMs: number | null;
  /** Where to draw the "now" line on the lane time line (null: none, e.g. when aligned). */
  nowLineMs: number | null;
  /** Relative labels count from here. */
  originMs: number;
  /** A review's replay cursor: the lanes' bars and gaps stop there. */
  clipAtMs?: number | null;
  timeLabels: TimeLabels;
  palette: Palette;
  selectedUid: string | null;
  onSelect(uid: string): void;
  /** Unfolds or folds back a revision's gone pods (see lib/view/fold-gone.ts). */
  onToggleFold(revisionKey: string): void;
  /** The height of the lanes' viewport, as it changes (the page folds gone pods only when the rows overflow it). */
  onViewportHeight?(heightPx: number): void;
}

/**
 * DOM headers for the visible rows beside one canvas of marks, in a natively scrolled, virtualized list. The
 * visible span lives in a store of its own (./useVisibleSpan.ts): pan and zoom re-render only this view's axis and
 * canvas, once per frame however many input events arrived, and reach the page once input pauses.
 */
export function SwimlaneView(props: SwimlaneViewProps) {
  const {
    model,
    span,
    onSpan,
    onCommand,
    nowMs,
    nowLineMs,
    originMs,
    clipAtMs = null,
    timeLabels,
    palette,
    selectedUid,
    onSelect,
    onToggleFold,
    onViewportHeight,
  } = props;
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [scrollTop, setScrollTop] = useState(0);
  const layout = useMemo(() => new RowLayout(model.rows), [model.rows]);
  const lanesWidth = Math.max(200, size.width - HEADER_WIDTH);
  const lane = useVisibleSpan(span, onSpan);
  const visibleSpan = useSyncExternalStore(lane.store.subscribe, lane.store.get, lane.store.get);
  const scale = useMemo(() => new TimeScale(visibleSpan, lanesWidth), [visibleSpan, lanesWidth]);
  const range = useVisibleRange(layout, scrollTop, size.height);
  const ticks = useMemo(() => axisTicks(scale, timeLabels, originMs), [scale, timeLabels, originMs]);
  const gridXs = useMemo(() => ticks.map((tick) => scale.toPx(tick.ms)), [ticks, scale]);

  // The controller is plain and long-lived; it reads the latest span and callbacks through these refs.
  const latest = useRef({ lane, onCommand, lanesWidth });
  useEffect(() => {
    latest.current = { lane, onCommand, lanesWidth };
  });
  const controller = useMemo(
    () =>
      new PanZoomController({
        getSpan: () => latest.current.lane.store.get(),
        setSpan: (next) => latest.current.lane.setSpan(next),
        widthPx: () => latest.current.lanesWidth,
        onCommand: (command) => {
          // A command (fit, follow) must apply after the span the user just set, not be overwritten by it.
          latest.current.lane.flush();
          latest.current.onCommand(command);
        },
      }),
    [],
  );
  const { setSpan: setLaneSpan, flush } = lane;
  const onBrush = useCallback(
    (next: TimeSpan) => {
      setLaneSpan(next);
      flush();
    },
    [setLaneSpan, flush],
  );

  useEffect(() => {
    onViewportHeight?.(size.height);
  }, [onViewportHeight, size.height]);

  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    controller.attach(scroller, window);
    const observer = new ResizeObserver(() => setSize({ width: scroller.clientWidth, height: scroller.clientHeight }));
    observer.observe(scroller);
    return () => {
      observer.disconnect();
      controller.dispose();
    };
  }, [controller]);

  useEffect(() => {
    const scroller = scrollerRef.current;
    const index = selectedUid === null ? -1 : layout.rows.findIndex((row) => row.key === selectedUid);
    if (!scroller || index < 0) return;
    const next = layout.scrollToShow(index, scroller.scrollTop, scroller.clientHeight);
    if (next !== scroller.scrollTop) scroller.scrollTop = next;
  }, [selectedUid, layout]);

  const nowX = nowLineMs === null ? null : scale.toPx(nowLineMs);
  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="swimlanes">
      <div className="flex shrink-0 bg-white dark:bg-[#0b1220]">
        <div
          className="flex shrink-0 items-end px-3 pb-1 text-[11px] font-medium uppercase tracking-wide text-slate-500"
          style={{ width: HEADER_WIDTH }}
        >
          Pod ·{' '}
          {timeLabels === 'relative' ? (nowLineMs === null ? 'time since delete' : 'time from now') : 'time (UTC)'}
        </div>
        <div style={{ width: lanesWidth }}>
          <TimeAxis scale={scale} ticks={ticks} nowX={nowX} onBrush={onBrush} />
        </div>
      </div>
      <div
        ref={scrollerRef}
        className="relative min-h-0 flex-1 overflow-y-auto overflow-x-hidden bg-white dark:bg-[#0b1220]"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div className="relative" style={{ height: Math.max(layout.totalHeight, size.height) }}>
          <div
            className="sticky top-0 z-0"
            style={{ marginLeft: HEADER_WIDTH, height: size.height, marginBottom: -size.height, width: lanesWidth }}
          >
            <LaneCanvas
              layout={layout}
              range={range}
              scrollTop={scrollTop}
              height={size.height}
              scale={scale}
              gridXs={gridXs}
              nowMs={nowMs}
              nowX={nowX}
              clipAtMs={clipAtMs}
              palette={palette}
              selectedUid={selectedUid}
              controller={controller}
              onSelect={onSelect}
            />
          </div>
          <div
            className="absolute left-0 top-0 border-r border-slate-200 dark:border-slate-700"
            style={{ width: HEADER_WIDTH, height: layout.totalHeight }}
          >
            <LaneHeaders
              layout={layout}
              range={range}
              selectedUid={selectedUid}
              onSelect={onSelect}
              onToggleFold={onToggleFold}
            />
          </div>
        </div>
      </div>
    </div>
  );
}

/** The visible rows as a value that keeps its identity while they stay the same (memoized children compare it). */
function useVisibleRange(layout: RowLayout, scrollTop: number, height: number): VisibleRange {
  const { first, end } = layout.visible(scrollTop, height);
  return useMemo(() => ({ first, end }), [first, end]);
}
