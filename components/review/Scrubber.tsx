'use client';
import { formatDuration } from '@/lib/review/labels';
import { REPLAY_SPEEDS, type ReplayRange } from '@/lib/review/playback';
import { formatClock, formatOffset } from '@/lib/view/labels';
import type { PlaybackControls } from './usePlayback';

const button =
  'h-8 rounded border border-slate-300 bg-white px-3 text-[13px] font-semibold hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800';

/** The replay cursor over the range: drag it to see every pod as of that instant, or play it at a speed. */
export function Scrubber({ range, controls }: { range: ReplayRange; controls: PlaybackControls }) {
  const { playback, toggle, seek, setSpeed } = controls;
  const { atMs, playing, speed } = playback;
  return (
    <div
      className="flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white px-4 py-2 dark:border-slate-700 dark:bg-slate-900"
      role="group"
      aria-label="Replay"
      data-testid="scrubber"
      data-at={Math.round(atMs)}
      data-from={range.from}
      data-to={range.to}
      data-playing={playing}
    >
      <button
        type="button"
        className={`${button} w-24 whitespace-nowrap`}
        onClick={toggle}
        data-testid="replay-toggle"
        aria-pressed={playing}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <label className="flex items-center gap-1.5 text-[13px]">
        Speed
        <select
          className="h-8 rounded border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-600 dark:bg-slate-900"
          value={speed}
          onChange={(e) => setSpeed(REPLAY_SPEEDS.find((s) => s === Number(e.target.value)) ?? 1)}
          data-testid="replay-speed"
        >
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="w-72 shrink-0 font-mono text-[12.5px] tabular-nums" data-testid="replay-time">
        {formatClock(atMs)} UTC{' '}
        <span className="text-slate-500">
          ({formatOffset(atMs - range.from)} of {formatDuration(range.to - range.from)})
        </span>
      </span>
      <span className="font-mono text-[11px] text-slate-500">{formatClock(range.from, false)}</span>
      <input
        type="range"
        className="min-w-48 flex-1 accent-sky-700"
        min={range.from}
        max={range.to}
        step={1}
        value={Math.round(atMs)}
        onChange={(e) => seek(Number(e.target.value))}
        onKeyDown={(e) => {
          // Steps are 1 ms so a drag can reach every instant; arrow keys move by 1 % of the range (10 % with Shift).
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          e.preventDefault();
          const step = ((range.to - range.from) / (e.shiftKey ? 10 : 100)) * (e.key === 'ArrowLeft' ? -1 : 1);
          seek(atMs + step);
        }}
        aria-label="Replay cursor"
        aria-valuetext={`${formatClock(atMs)} UTC`}
        data-testid="replay-cursor"
      />
      <span className="font-mono text-[11px] text-slate-500">{formatClock(range.to, false)}</span>
    </div>
  );
}
