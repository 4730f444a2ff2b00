'use client';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { chromeTraceChunks, toChromeTrace } from '@/lib/report/trace-events';
import { analysisCsv } from '@/lib/report/analysis-csv';
import { analysisJsonChunks } from '@/lib/timeline/analysis-json';
import { exportFileName, exportTimeMs } from '@/lib/view/export/naming';
import { screenAnalysis } from '@/lib/view/export/screen-analysis';
import { exportSvg, type ImageExportInput, type SvgExport } from '@/lib/view/export/svg-export';

type Format = 'png' | 'svg' | 'csv' | 'json' | 'trace';

const LABELS: Record<Format, { text: string; aria: string; title: string }> = {
  png: {
    text: 'PNG',
    aria: 'Export PNG image',
    title: 'Download every lane of these filters, over the visible time span, as PNG',
  },
  svg: {
    text: 'SVG',
    aria: 'Export SVG image',
    title: 'Download every lane of these filters, over the visible time span, as SVG',
  },
  csv: {
    text: 'CSV',
    aria: 'Export timelines CSV',
    title:
      'Download the markers and gaps of every lane of these filters, over the visible time span, as CSV (one row per marker and per gap)',
  },
  json: {
    text: 'JSON',
    aria: 'Export timelines JSON',
    title:
      'Download the markers, gaps and findings of every lane of these filters, over the visible time span, as the analysis JSON',
  },
  trace: {
    text: 'Trace',
    aria: 'Export Perfetto trace',
    title:
      'Download the whole timelines of every lane of these filters as a Chrome trace (JSON): open it in ui.perfetto.dev or chrome://tracing',
  },
};

/**
 * The latest export input behind a getter that never changes: the memoized toolbar then skips the renders the
 * clock causes, and an export still reads the lanes as they are at the click.
 */
export function useExportSource(input: ImageExportInput): () => ImageExportInput {
  const latest = useRef(input);
  useLayoutEffect(() => {
    latest.current = input;
  });
  return useCallback(() => latest.current, []);
}

/** Twice the CSS size, like a HiDPI screen; less when Chromium's canvas limits (32,767 px a side, 256 Mpx) forbid. */
function pngScale(width: number, height: number): number {
  return Math.min(2, 32_767 / width, 32_767 / height, Math.sqrt(268_435_456 / (width * height)));
}

/** The SVG document drawn into an offscreen canvas by the browser's own SVG renderer, so the PNG shows the same. */
async function rasterize(image: SvgExport): Promise<{ blob: Blob; scale: number }> {
  const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  try {
    const element = new Image();
    element.src = url;
    await element.decode();
    const scale = pngScale(image.width, image.height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2D canvas');
    ctx.drawImage(element, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((png) => (png ? resolve(png) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    );
    return { blob, scale };
  } finally {
    URL.revokeObjectURL(url);
  }
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by the time the next task runs; a minute is generous.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const button =
  'h-8 px-2.5 text-[13px] hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-sky-600 disabled:opacity-50 dark:hover:bg-slate-800';

/**
 * "Export PNG / SVG / CSV / JSON" of every lane of the current filters, over the visible time span (the CSV and
 * JSON: the markers and gaps drawn there, lib/view/export/screen-analysis.ts); "Trace": the same pods'
 * whole timelines as a Chrome trace (lib/report/trace-events.ts), as the lanes show them now (live: now; a review:
 * at the replay cursor).
 */
export function ExportMenu({ source }: { source: () => ImageExportInput }) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [message, setMessage] = useState('');

  const run = async (format: Format) => {
    const input = source();
    if (input.model.pods.length === 0) return setMessage('Nothing to export: no lane matches the filters');
    // Exports hold what was on screen and more (counts, capacity): not known until every pod is in.
    if (input.model.partial) return setMessage('The pods are still loading: export once they are all in');
    setBusy(format);
    setMessage('');
    try {
      const atMs = exportTimeMs(input, Date.now());
      if (format === 'trace') {
        const trace = toChromeTrace(
          input.model.pods.map((row) => row.pod),
          { nowMs: input.nowMs },
        );
        return download(
          new Blob([...chromeTraceChunks(trace)], { type: 'application/json' }),
          exportFileName(input.view.namespaces, atMs, 'trace.json'),
        );
      }
      if (format === 'csv')
        return download(
          new Blob([analysisCsv(screenAnalysis(input))], { type: 'text/csv' }),
          exportFileName(input.view.namespaces, atMs, 'timelines.csv'),
        );
      if (format === 'json')
        return download(
          new Blob([...analysisJsonChunks(screenAnalysis(input))], { type: 'application/json' }),
          exportFileName(input.view.namespaces, atMs, 'timelines.json'),
        );
      const image = exportSvg(input);
      const fileName = exportFileName(input.view.namespaces, atMs, format);
      if (format === 'svg') return download(new Blob([image.svg], { type: 'image/svg+xml' }), fileName);
      const { blob, scale } = await rasterize(image);
      download(blob, fileName);
      // Thousands of lanes make an image taller than a canvas can be: say so, rather than hand over a blur silently.
      if (scale < 1)
        setMessage(
          `PNG shrunk to ${Math.round(scale * 100)}% to fit a canvas; the SVG keeps all ${input.model.pods.length} lanes sharp`,
        );
    } catch (error) {
      setMessage(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="flex items-center gap-2">
      <div
        className="flex items-center overflow-hidden rounded border border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900"
        role="group"
        aria-label="Export"
        data-testid="export-menu"
      >
        <span className="px-2 text-[12px] font-medium uppercase tracking-wide text-slate-500" aria-hidden>
          Export
        </span>
        {(['png', 'svg', 'csv', 'json', 'trace'] as const).map((format) => (
          <button
            key={format}
            type="button"
            data-testid={`export-${format}`}
            className={`${button} border-l border-slate-300 dark:border-slate-600`}
            aria-label={LABELS[format].aria}
            title={LABELS[format].title}
            disabled={busy !== null}
            onClick={() => void run(format)}
          >
            {busy === format ? '…' : LABELS[format].text}
          </button>
        ))}
      </div>
      <span role="status" className="text-[12px] text-[#A74700] dark:text-[#FF9A4D]" data-testid="export-status">
        {message}
      </span>
    </div>
  );
}
