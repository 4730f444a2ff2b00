import { memo, type ReactNode } from 'react';

/** What each mark means, drawn with the same colours and patterns as the canvas. */
const ITEMS: Array<{ label: string; glyph: ReactNode }> = [
  { label: 'Routed (endpoint ready)', glyph: <rect x="1" y="6" width="18" height="6" fill="#009E73" /> },
  { label: 'Terminating', glyph: <rect x="1" y="2" width="18" height="14" fill="rgba(100,116,139,0.3)" /> },
  { label: 'preStop hook', glyph: <rect x="1" y="7" width="18" height="5" fill="#CC79A7" /> },
  { label: 'Delete requested', glyph: <path d="M5 2 H15 L10 10 Z" fill="currentColor" /> },
  { label: 'SIGTERM', glyph: <path d="M10 3 L15 9 L10 15 L5 9 Z" fill="#0072B2" /> },
  { label: 'SIGKILL', glyph: <path d="M5 4 L15 14 M15 4 L5 14" stroke="currentColor" strokeWidth="2.6" /> },
  { label: 'Endpoint not ready / removed', glyph: <><circle cx="6" cy="9" r="4" fill="none" stroke="#56B4E9" strokeWidth="2" /><circle cx="15" cy="9" r="4" fill="#56B4E9" /></> },
  { label: 'Container exit: 0 / non-zero', glyph: <><rect x="2" y="5" width="7" height="7" fill="#009E73" /><rect x="11" y="5" width="7" height="7" fill="#D55E00" /></> },
  { label: 'Grace deadline', glyph: <path d="M10 1 V17" stroke="currentColor" strokeWidth="1.5" strokeDasharray="3 2" /> },
  { label: 'Pod gone', glyph: <path d="M10 0 V18" stroke="currentColor" strokeWidth="1.5" /> },
  { label: 'Watch blind: changes may be missing here', glyph: <rect x="1" y="1" width="18" height="16" fill="rgba(100,116,139,0.15)" stroke="#64748b" strokeWidth="2" /> },
  { label: 'Estimated (inferred or seen late): dashed outline', glyph: <><path d="M5 3 L9 9 L5 15 L1 9 Z" fill="none" stroke="#0072B2" strokeWidth="1.6" strokeDasharray="2.5 1.5" /><rect x="11.5" y="5.5" width="7" height="7" fill="none" stroke="#009E73" strokeWidth="1.6" strokeDasharray="2.5 1.5" /></> },
  { label: 'Expected, not happened yet: faint', glyph: <path d="M10 3 L15 9 L10 15 L5 9 Z" fill="none" stroke="#0072B2" strokeWidth="1.6" strokeDasharray="2.5 1.5" opacity={0.35} /> },
  { label: 'Whole-second uncertainty', glyph: <path d="M3 6 V10 M3 8 H17 M17 6 V10" stroke="currentColor" strokeWidth="1" /> },
];

export const Legend = memo(function Legend() {
  return (
    <section aria-label="Legend" className="text-[12px]" data-testid="legend">
      <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Legend</h2>
      <ul className="space-y-1">
        <li className="flex items-center gap-2">
          <svg width="20" height="18" aria-hidden>
            <defs>
              <pattern id="legend-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="3" height="6" fill="rgba(213,94,0,0.8)" />
              </pattern>
            </defs>
            <rect x="1" y="1" width="18" height="16" fill="rgba(213,94,0,0.25)" />
            <rect x="1" y="1" width="18" height="16" fill="url(#legend-stripes)" stroke="#D55E00" strokeWidth="2" />
          </svg>
          <span><b>Critical gap</b>: traffic dropped (stripes)</span>
        </li>
        <li className="flex items-center gap-2">
          <svg width="20" height="18" aria-hidden>
            <defs>
              <pattern id="legend-dots" width="5" height="5" patternUnits="userSpaceOnUse">
                <circle cx="2.5" cy="2.5" r="1.2" fill="rgba(163,109,0,0.9)" />
              </pattern>
            </defs>
            <rect x="1" y="1" width="18" height="16" fill="rgba(230,159,0,0.25)" />
            <rect x="1" y="1" width="18" height="16" fill="url(#legend-dots)" stroke="#E69F00" strokeWidth="2" />
          </svg>
          <span><b>Warning gap</b>: traffic at risk (dots)</span>
        </li>
        {ITEMS.map((item) => (
          <li key={item.label} className="flex items-center gap-2">
            <svg width="20" height="18" aria-hidden className="shrink-0 text-slate-800 dark:text-slate-100">
              {item.glyph}
            </svg>
            <span>{item.label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
});
