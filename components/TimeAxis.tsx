'use client';
import { useRef, useState, type PointerEvent } from 'react';
import type { AxisTick } from '@/lib/view/axis-ticks';
import type { TimeScale, TimeSpan } from '@/lib/view/time-scale';
import { spanBetween } from '@/lib/view/time-window';

interface TimeAxisProps {
  scale: TimeScale;
  ticks: AxisTick[];
  nowX: number | null;
  onBrush(span: TimeSpan): void;
}

/** Half the width of the widest tick label (`09:33:15.250`) at 11 px. */
const EDGE_PX = 40;

/** Tick labels over the lanes; dragging across the axis brushes a span to zoom into. */
export function TimeAxis({ scale, ticks, nowX, onBrush }: TimeAxisProps) {
  const [brush, setBrush] = useState<{ from: number; to: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const xOf = (event: PointerEvent) => event.clientX - (ref.current?.getBoundingClientRect().left ?? 0);
  return (
    <div
      ref={ref}
      className="relative h-7 cursor-col-resize select-none overflow-hidden border-b border-slate-200 text-[11px] tabular-nums text-slate-600 dark:border-slate-700 dark:text-slate-300"
      data-testid="time-axis"
      title="Drag to zoom into a span"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        setBrush({ from: xOf(event), to: xOf(event) });
      }}
      onPointerMove={(event) => brush && setBrush({ ...brush, to: xOf(event) })}
      onPointerUp={() => {
        if (brush && Math.abs(brush.to - brush.from) > 4)
          onBrush(spanBetween(scale.toMs(brush.from), scale.toMs(brush.to)));
        setBrush(null);
      }}
    >
      {/* Keyed by position, not time: a pan then moves and relabels the same few spans instead of replacing them. */}
      {ticks.map((tick, index) => {
        const x = scale.toPx(tick.ms);
        // A label centred on a tick near an edge would be cut in half ("33:15" for 09:33:15): its grid line stays.
        if (x < EDGE_PX || x > scale.widthPx - EDGE_PX) return null;
        return (
          <span key={index} className="absolute top-1.5 -translate-x-1/2 whitespace-nowrap" style={{ left: x }}>
            {tick.text}
          </span>
        );
      })}
      {nowX !== null && nowX >= 0 && nowX <= scale.widthPx && (
        <span
          className="absolute bottom-0 h-2 w-0.5 bg-[#0072B2] dark:bg-[#56B4E9]"
          style={{ left: nowX - 1 }}
          aria-hidden
        />
      )}
      {brush && (
        <div
          className="absolute inset-y-0 bg-sky-500/25"
          style={{ left: Math.min(brush.from, brush.to), width: Math.abs(brush.to - brush.from) }}
        />
      )}
    </div>
  );
}
