'use client';
import { useEffect, useRef } from 'react';

const KEYS: Array<[string, string]> = [
  ['W / S', 'zoom in / out (around the pointer)'],
  ['A / D', 'pan earlier / later'],
  ['F', 'fit every lane'],
  ['Ctrl + wheel', 'zoom; Shift + wheel pans; drag pans'],
  ['drag on the axis', 'zoom into that span'],
  ['↑ / ↓ (K / J)', 'previous / next pod, with its details'],
  ['/', 'search'],
  ['Esc', 'close the details, or this help'],
  ['?', 'this help'],
];

/**
 * Tab past the dialog's last control (Shift+Tab before its first) comes back round inside it. The page behind a
 * modal is inert already, but a browser may hand focus to its own toolbar at the document's end instead.
 */
function wrapTab(dialog: HTMLDialogElement, backwards: boolean, preventDefault: () => void): void {
  const focusable = [
    ...dialog.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'),
  ];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  if (backwards ? active === first || active === dialog : active === last) {
    preventDefault();
    (backwards ? last : first).focus();
  }
}

/**
 * A native modal <dialog> (showModal): focus stays inside it (Tab cannot reach the page behind, which is inert,
 * and comes back round at its end), Esc closes it wherever focus is in it, and a click on the backdrop closes it.
 * Focus goes back to what had it when the dialog opened (the ? button, or the page for the ? key), since the
 * dialog is unmounted rather than closed by the browser. Keys pressed in it stay in it: the page's shortcuts (W/S/A/D, J/K) must not
 * move the lanes behind a modal.
 */
export function HelpDialog({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="help-title"
      data-testid="help-dialog"
      className="m-auto w-[28rem] rounded-lg bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/40 dark:bg-slate-900 dark:text-slate-100"
      // Esc: the browser's cancel, which would close the element under React's feet; React closes it instead.
      onCancel={(event) => {
        event.preventDefault();
        close.current();
      }}
      // Closed by the browser anyway (a second Esc it will not let a page cancel): keep React's state in step. The
      // event comes a task later: a dialog shown again meanwhile (React's development remount) is not closed.
      onClose={(event) => {
        if (!event.currentTarget.open) close.current();
      }}
      // The backdrop is the dialog element itself; its content is the inner box.
      onClick={(event) => {
        if (event.target === event.currentTarget) close.current();
      }}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape') {
          event.preventDefault();
          close.current();
        } else if (event.key === 'Tab') {
          wrapTab(event.currentTarget, event.shiftKey, () => event.preventDefault());
        }
      }}
    >
      <div className="p-5">
        <h2 id="help-title" className="mb-3 text-base font-semibold">
          Keyboard and mouse
        </h2>
        <dl className="grid grid-cols-[9rem_1fr] gap-y-1.5 text-sm">
          {KEYS.map(([key, meaning]) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                  {key}
                </kbd>
              </dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-slate-500">
          Times are UTC. Lines read left to right: delete, endpoint not ready, SIGTERM, exit, pod gone. A `~` or a
          dashed mark is inferred, never reported by the API.
        </p>
        <button
          type="button"
          className="mt-4 rounded bg-slate-800 px-3 py-1 text-sm text-white dark:bg-slate-200 dark:text-slate-900"
          onClick={() => close.current()}
          data-testid="help-close"
        >
          Close
        </button>
      </div>
    </dialog>
  );
}
