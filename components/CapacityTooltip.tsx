import { describeCapacity } from '@/lib/view/capacity';
import type { CapacityHit } from '@/lib/view/hit-test';
import { formatClock } from '@/lib/view/labels';

/** The capacity row's counts at the pointer's time, in words (lib/view/capacity.ts says what they mean). */
export function CapacityTooltip({ hit, x, y }: { hit: CapacityHit; x: number; y: number }) {
  const lines = hit.step ? describeCapacity(hit.row.series, hit.step) : ['no endpoint counts here'];
  return (
    <div
      role="tooltip"
      data-testid="capacity-tooltip"
      className="pointer-events-none absolute z-20 max-w-sm rounded-md border border-slate-300 bg-white/95 px-3 py-2 text-xs shadow-lg dark:border-slate-600 dark:bg-slate-900/95"
      style={{ left: x + 14, top: y + 14 }}
    >
      <div className="font-semibold">Capacity · {formatClock(hit.timeMs)} UTC</div>
      {lines.map((line) => (
        <div
          key={line}
          className={
            line.startsWith('below')
              ? 'font-semibold text-[#A74700] dark:text-[#FF9A4D]'
              : 'tabular-nums text-slate-600 dark:text-slate-300'
          }
        >
          {line}
        </div>
      ))}
    </div>
  );
}
