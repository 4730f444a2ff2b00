const KEYS: Array<[string, string]> = [
  ['W / S', 'zoom in / out (around the pointer)'],
  ['A / D', 'pan earlier / later'],
  ['F', 'fit every lane'],
  ['Ctrl + wheel', 'zoom; Shift + wheel pans; drag pans'],
  ['drag on the axis', 'zoom into that span'],
  ['↑ / ↓ (K / J)', 'previous / next pod, with its details'],
  ['/', 'search'],
  ['Esc', 'close the details'],
  ['?', 'this help'],
];

export function HelpDialog({ onClose }: { onClose(): void }) {
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-black/40" onClick={onClose} role="presentation">
      <div role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-dialog" className="w-[28rem] rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900" onClick={(event) => event.stopPropagation()}>
        <h2 id="help-title" className="mb-3 text-base font-semibold">Keyboard and mouse</h2>
        <dl className="grid grid-cols-[9rem_1fr] gap-y-1.5 text-sm">
          {KEYS.map(([key, meaning]) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">{key}</kbd>
              </dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-slate-500">Times are UTC. Lines read left to right: delete, endpoint not ready, SIGTERM, exit, pod gone. A `~` or a dashed mark is inferred, never reported by the API.</p>
        <button type="button" className="mt-4 rounded bg-slate-800 px-3 py-1 text-sm text-white dark:bg-slate-200 dark:text-slate-900" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
