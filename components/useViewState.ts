'use client';
/** View state kept in the URL (replaced, not pushed, so Back leaves the page rather than undoing each pan). */
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { encodeViewState } from '@/lib/view/url-state';
import type { ViewState } from '@/lib/view/view-state';

/**
 * `replayAtMs` is the review's cursor: it lives in the review's playback state, not here, and is only mirrored
 * into the URL (`at`) so a reload or a shared link opens the replay at the same instant.
 */
export function useViewState(
  initial: ViewState,
  replayAtMs: number | null = null,
): [ViewState, (patch: Partial<ViewState>) => void] {
  const [view, setView] = useState(initial);
  const update = useCallback((patch: Partial<ViewState>) => setView((current) => ({ ...current, ...patch })), []);
  const pathname = usePathname();
  const replayAt = replayAtMs === null ? null : Math.round(replayAtMs);
  useEffect(() => {
    // Debounced: a pan writes the span every frame (as a playing replay moves its cursor), and browsers throttle
    // history updates.
    const timer = setTimeout(() => writeUrl(pathname, { ...view, replayAt }), URL_WRITE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [pathname, view, replayAt]);
  return [view, update];
}

const URL_WRITE_DELAY_MS = 150;

/**
 * Mirrors the view into the current history entry's URL, for a reload or a shared link; the state itself lives in
 * React. The write must not be a navigation: Next's router runs one navigation at a time, and a newer one
 * discards a pending one. Both of Next's ways to change the URL are navigations to it: `router.replace` (which
 * also re-renders the page on the server, so the review would download and replay its recording again) and
 * `history.replaceState`, which Next patches to "restore" the URL written. A write landing while a link's
 * navigation waits for its page (a pan just ended, the review sets its span as it loads) would discard that
 * navigation: the click on History would leave the user where they were. So the write goes to the browser's
 * own method (Next patches the `history` object, not the prototype) with the entry's state kept as it is, which
 * Next also passes through untouched if it ever patches the prototype: Back and Forward still restore this
 * entry through Next, and nothing here reads `useSearchParams`, which does not see these writes. Nor is
 * anything written once the document is on another path (Back already moved it; the page unmounts next).
 */
function writeUrl(pathname: string, view: ViewState): void {
  if (window.location.pathname !== pathname) return;
  const url = new URL(window.location.href);
  // Keep parameters this view does not own (e.g. the benchmark page's `pods`).
  const own = encodeViewState(view);
  for (const key of [
    'namespace',
    'workload',
    'problems',
    'q',
    'align',
    'time',
    'view',
    'theme',
    't',
    'pod',
    'focus',
    'at',
  ])
    url.searchParams.delete(key);
  own.forEach((value, key) => url.searchParams.set(key, value));
  const next = `${url.pathname}${url.search}${url.hash}`;
  if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`)
    History.prototype.replaceState.call(window.history, window.history.state, '', next);
}

/** Wall-clock now, re-read every `intervalMs` while `active`. */
export function useNow(active: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

/** The resolved theme: the user's choice, or the system's. */
export function usePrefersDark(): boolean {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    setDark(query.matches);
    const listener = (event: MediaQueryListEvent) => setDark(event.matches);
    query.addEventListener('change', listener);
    return () => query.removeEventListener('change', listener);
  }, []);
  return dark;
}
