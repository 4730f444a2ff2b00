'use client';
import Link from 'next/link';
import { Fragment, useRef } from 'react';
import { reviewHref } from '@/lib/review/review-target';
import { formatUtcSpan } from '@/lib/review/labels';
import type { ImportState } from './useImport';

const RECORD_COMMAND = 'npx drainscope record --out deploy.ndjson.gz';
const CAPTURE_COMMAND = 'scripts/capture.sh --out deploy.ndjson';
const ACCEPT = '.ndjson,.gz,.json,.jsonl,.log,.txt,application/gzip,application/json';

function percent(loaded: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
}

function Outcome({ state }: { state: ImportState }) {
  if (state.status === 'uploading') {
    const value = percent(state.loaded, state.total);
    return (
      <div className="space-y-1" data-testid="import-progress">
        <p className="truncate text-xs">
          Uploading <span className="font-mono">{state.name}</span>… {value}%
        </p>
        <div
          className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
          role="progressbar"
          aria-label={`Uploading ${state.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={value}
        >
          <div className="h-full bg-sky-600 transition-[width]" style={{ width: `${value}%` }} />
        </div>
      </div>
    );
  }
  if (state.status === 'refused') {
    return (
      <div
        className="space-y-1 rounded border border-[#D55E00] bg-[#D55E00]/5 px-3 py-2 text-xs"
        role="alert"
        data-testid="import-error"
        data-line={state.problem.line ?? ''}
      >
        <p className="font-semibold">
          <span className="font-mono">{state.name}</span> was not imported; the history is unchanged.
          {state.problem.line !== null && (
            <span className="ml-2 rounded bg-[#D55E00] px-1.5 py-0.5 text-white">line {state.problem.line}</span>
          )}
        </p>
        <p className="break-words font-mono text-[12px]" data-testid="import-error-message">
          {state.problem.message}
        </p>
      </div>
    );
  }
  if (state.status === 'imported') {
    const { answer } = state;
    const others = answer.notes.filter((note) => note !== answer.precisionLost);
    const span = answer.from && answer.to ? formatUtcSpan(Date.parse(answer.from), Date.parse(answer.to)) : null;
    return (
      <div
        className="space-y-1 rounded border border-[#009E73] bg-[#009E73]/5 px-3 py-2 text-xs"
        role="status"
        data-testid="import-done"
        data-format={answer.format}
      >
        <p>
          Imported <span className="font-mono">{state.name}</span>: {answer.lines.toLocaleString('en')} lines
          {span ? `, ${span}` : ''}.{' '}
          <Link
            className="font-semibold text-sky-700 underline dark:text-sky-400"
            href={reviewHref({ kind: 'episode', id: answer.episode })}
          >
            Open it
          </Link>
        </p>
        {answer.precisionLost && (
          <p
            className="rounded bg-amber-50 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
            data-testid="import-precision"
          >
            <b>Less precise than a recording:</b> {answer.precisionLost}
          </p>
        )}
        {others.map((note) => (
          <p key={note} className="text-slate-600 dark:text-slate-300">
            {note}
          </p>
        ))}
      </div>
    );
  }
  return null;
}

/** A shell command whose lines break between words only: a break inside `--out` reads as a different flag. */
function Command({ text }: { text: string }) {
  return (
    <code>
      {text.split(' ').map((word, index) => (
        <Fragment key={index}>
          {index > 0 && ' '}
          <span className="whitespace-nowrap">{word}</span>
        </Fragment>
      ))}
    </code>
  );
}

/** Upload a recording (plain or gzip) or kubectl watch output; the page around it also takes a dropped file. */
export function ImportPanel({ state, onFile }: { state: ImportState; onFile(file: File): void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const busy = state.status === 'uploading';
  return (
    <section className="space-y-2" aria-label="Import a recording" data-testid="import-panel">
      <h2 className="text-sm font-semibold">Import a recording</h2>
      <p className="text-xs text-slate-500">
        A drainscope recording (<code>.ndjson</code> or <code>.ndjson.gz</code>): record one with{' '}
        <Command text={RECORD_COMMAND} />, or where only kubectl is at hand with <Command text={CAPTURE_COMMAND} /> (in
        the drainscope repository; kubectl and a POSIX shell). Raw kubectl watch output is accepted too, but it has no
        receipt times, so its times are less precise. Whole or nothing: a file with one bad line imports nothing.
      </p>
      <div className="flex items-center gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={() => inputRef.current?.click()}
          className="h-8 rounded border border-slate-300 bg-white px-3 text-[13px] font-semibold hover:bg-slate-50 disabled:opacity-50 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Choose a file…
        </button>
        <span className="text-xs text-slate-500">or drop it anywhere on this page</span>
        <input
          ref={inputRef}
          type="file"
          accept={ACCEPT}
          className="sr-only"
          data-testid="import-file"
          aria-label="Recording file to import"
          onChange={(event) => {
            const file = event.target.files?.[0];
            // Cleared, so choosing the same file again (after fixing it) uploads it again.
            event.target.value = '';
            if (file) onFile(file);
          }}
        />
      </div>
      <Outcome state={state} />
    </section>
  );
}
