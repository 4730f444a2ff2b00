'use client';
import { useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies `text` with the Clipboard API. It is missing outside secure contexts (drainscope served over plain http on
 * another host) and may be refused: then the button says so, and the text stays selectable beside it.
 */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const copy = () => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard) {
      setState('failed');
      return;
    }
    clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <span className="inline-flex items-center gap-1.5">
      <button
        type="button"
        onClick={copy}
        data-testid="copy-fix"
        className="whitespace-nowrap rounded border border-slate-300 bg-white px-1.5 py-px text-[11px] font-medium hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        {state === 'copied' ? 'Copied' : label}
      </button>
      <span role="status" className="text-[11px] text-slate-500" data-testid="copy-status">
        {state === 'failed' ? 'Copy is not available here: select the text and press Ctrl+C (⌘C).' : ''}
      </span>
    </span>
  );
}
