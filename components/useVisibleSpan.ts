'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { VisibleSpanHolder } from '@/lib/view/visible-span-holder';
import type { TimeSpan } from '@/lib/view/time-scale';

/**
 * Input that pauses this long commits the span to the page (URL, follow mode). Until then only the lanes and the
 * axis redraw, so a continuous pan or zoom never re-renders the toolbar, findings or headers.
 */
export const SPAN_COMMIT_DELAY_MS = 120;

export interface LaneSpan {
  store: VisibleSpanHolder;
  /** Shows `next` at once (next frame) and commits it once input pauses. */
  setSpan(next: TimeSpan): void;
  /** Commits a pending span now (before a command that reads or replaces it). */
  flush(): void;
}

/**
 * The lanes' own copy of the visible span: seeded and reset from the page's `span`, written by pan/zoom directly.
 * While a write is waiting to be committed, changes of `span` from above (the live edge moving) are ignored, or a
 * follow tick would undo the user's pan before it lands.
 */
export function useVisibleSpan(span: TimeSpan, onSpan: (span: TimeSpan) => void): LaneSpan {
  const [store] = useState(() => new VisibleSpanHolder(span, (callback) => void requestAnimationFrame(callback)));
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const commit = useRef(onSpan);
  useEffect(() => {
    commit.current = onSpan;
  }, [onSpan]);

  const flush = useCallback(() => {
    if (pending.current === null) return;
    clearTimeout(pending.current);
    pending.current = null;
    commit.current(store.get());
  }, [store]);

  const setSpan = useCallback(
    (next: TimeSpan) => {
      store.set(next);
      if (pending.current !== null) clearTimeout(pending.current);
      pending.current = setTimeout(flush, SPAN_COMMIT_DELAY_MS);
    },
    [store, flush],
  );

  useEffect(() => {
    if (pending.current === null) store.set(span);
  }, [span, store]);
  useEffect(() => {
    // A click elsewhere (Follow live, Align) must act on the committed span, not be undone by the pending one.
    window.addEventListener('pointerdown', flush, true);
    return () => {
      window.removeEventListener('pointerdown', flush, true);
      flush();
    };
  }, [flush]);

  return { store, setSpan, flush };
}
