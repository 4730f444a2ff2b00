'use client';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { makeGapFills, type GapFills } from '@/lib/view/gap-patterns';
import { hitTestCapacity, hitTestLane, type CapacityHit, type LaneHit } from '@/lib/view/hit-test';
import { paintBackdrop, paintLaneScene, paintOverlay } from '@/lib/view/lane-painter';
import { buildLaneScene } from '@/lib/view/lane-scene';
import type { Palette } from '@/lib/view/palette';
import type { PanZoomController } from '@/lib/view/pan-zoom';
import type { RowLayout, VisibleRange } from '@/lib/view/row-layout';
import type { TimeScale } from '@/lib/view/time-scale';
import { CapacityTooltip } from './CapacityTooltip';
import { LaneTooltip } from './LaneTooltip';

interface LaneCanvasProps {
  layout: RowLayout;
  range: VisibleRange;
  scrollTop: number;
  height: number;
  scale: TimeScale;
  /** Grid lines under the marks, at the axis ticks. */
  gridXs: number[];
  /** Epoch ms that live lanes extend to; null for data that is not live. */
  nowMs: number | null;
  nowX: number | null;
  /** A review's replay cursor: bars and gaps stop there (the lane scene's `clipAtMs`); null elsewhere. */
  clipAtMs?: number | null;
  palette: Palette;
  selectedUid: string | null;
  controller: PanZoomController;
  onSelect(uid: string): void;
}

/** Whether a pod being deleted (not gone yet) has a lane inside the viewport; the range also holds overscan rows. */
function showsTerminatingPod(layout: RowLayout, range: VisibleRange, scrollTop: number, height: number): boolean {
  for (let index = range.first; index < range.end; index++) {
    const row = layout.rows[index];
    const onScreen = layout.top(index) + layout.height(index) > scrollTop && layout.top(index) < scrollTop + height;
    if (
      onScreen &&
      row?.kind === 'pod' &&
      row.terminating &&
      !row.pod.markers.some((marker) => marker.kind === 'podDeleted')
    )
      return true;
  }
  return false;
}

/**
 * Lanes' marks on one canvas, redrawn whenever an input changes. Span changes already arrive once per animation
 * frame (the span store coalesces them), so the paint happens in the layout effect of that render, in the same
 * frame, rather than one frame later.
 */
export function LaneCanvas(props: LaneCanvasProps) {
  const {
    layout,
    range,
    scrollTop,
    height,
    scale,
    gridXs,
    nowMs,
    nowX,
    clipAtMs = null,
    palette,
    selectedUid,
    controller,
    onSelect,
  } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{
    index: number;
    x: number;
    y: number;
    hit: LaneHit | null;
    capacity: CapacityHit | null;
  } | null>(null);
  const width = scale.widthPx;

  const fills = useMemo<GapFills | null>(() => {
    const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    return ctx ? makeGapFills(palette, () => document.createElement('canvas'), ctx) : null;
  }, [palette]);

  // O(rows), so once per selection or data change rather than once per frame.
  const selectedIndex = useMemo(
    () => (selectedUid === null ? -1 : layout.rows.findIndex((row) => row.key === selectedUid)),
    [layout, selectedUid],
  );

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    // Opaque: the backdrop fills every pixel, and an opaque canvas skips blending when it is composited.
    const ctx = canvas && fills ? canvas.getContext('2d', { alpha: false }) : null;
    if (!canvas || !ctx || !fills) return;
    const dpr = window.devicePixelRatio || 1;
    const pixelWidth = Math.round(width * dpr);
    const pixelHeight = Math.round(height * dpr);
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const rowRect = (index: number) => ({ x: 0, y: layout.top(index) - scrollTop, w: width, h: layout.height(index) });
    paintBackdrop({
      ctx,
      palette,
      width,
      height,
      gridXs,
      hover: hover ? rowRect(hover.index) : null,
      selected: selectedIndex >= 0 ? rowRect(selectedIndex) : null,
    });
    paintLaneScene({
      ctx,
      scene: buildLaneScene({ layout, range, scrollTop, scale, nowMs, clipAtMs }),
      palette,
      fills,
    });
    paintOverlay({ ctx, palette, height, nowX });
    canvas.dataset.paintedAt = String(performance.now());
    // When a lane of a pod being deleted (not gone yet) was first on screen: what bench/live-path.bench.ts measures.
    if (canvas.dataset.terminatingPaintedAt === undefined && showsTerminatingPod(layout, range, scrollTop, height))
      canvas.dataset.terminatingPaintedAt = canvas.dataset.paintedAt;
  }, [
    layout,
    range,
    scrollTop,
    height,
    width,
    scale,
    gridXs,
    nowMs,
    nowX,
    clipAtMs,
    palette,
    fills,
    selectedIndex,
    hover,
  ]);

  const locate = (clientX: number, clientY: number) => {
    const box = canvasRef.current?.getBoundingClientRect();
    return { x: clientX - (box?.left ?? 0), y: clientY - (box?.top ?? 0) };
  };
  const hitAt = (x: number, y: number) => {
    const index = layout.indexAt(y + scrollTop);
    const row = index >= 0 ? layout.rows[index] : undefined;
    return {
      index,
      hit: row?.kind === 'pod' ? hitTestLane(row, scale, x, clipAtMs) : null,
      capacity: row?.kind === 'capacity' && !row.pending ? hitTestCapacity(row, scale, x, nowMs, clipAtMs) : null,
    };
  };

  return (
    <div className="relative" style={{ width, height }}>
      <canvas
        ref={canvasRef}
        data-testid="lanes-canvas"
        role="img"
        aria-label="Swimlanes: one lane per pod; the table view lists the same data as text"
        className={controller.dragging ? 'cursor-grabbing' : 'cursor-crosshair'}
        // Its own compositing layer: a repaint of the canvas then re-rasters only the canvas, not the headers and
        // page around it (without a GPU, Chromium otherwise paints a 2D canvas into its parent's layer).
        style={{ width, height, display: 'block', touchAction: 'none', willChange: 'transform' }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          controller.pointerDown(locate(event.clientX, event.clientY).x);
        }}
        onPointerMove={(event) => {
          const { x, y } = locate(event.clientX, event.clientY);
          controller.pointerMoved(x);
          if (controller.dragging) return setHover(null);
          const { index, hit, capacity } = hitAt(x, y);
          setHover(index >= 0 ? { index, x, y, hit, capacity } : null);
        }}
        onPointerUp={(event) => {
          if (controller.pointerUp()) return;
          const { x, y } = locate(event.clientX, event.clientY);
          const { hit } = hitAt(x, y);
          if (hit) onSelect(hit.row.key);
        }}
        onPointerLeave={() => setHover(null)}
      />
      {hover?.hit && <LaneTooltip hit={hover.hit} x={Math.min(hover.x, width - 340)} y={hover.y} />}
      {hover?.capacity && <CapacityTooltip hit={hover.capacity} x={Math.min(hover.x, width - 340)} y={hover.y} />}
    </div>
  );
}
