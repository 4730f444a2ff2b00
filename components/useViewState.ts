'use client';
/** View state kept in the URL (replaceState, so Back leaves the page rather than undoing each pan). */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { encodeViewState } from '@/lib/view/url-state';
import type { ViewState } from '@/lib/view/view-state';

export function useViewState(initial: ViewState): [ViewState, (patch: Partial<ViewState>) => void] {
  const [view, setView] = useState(initial);
  const update = useCallback((patch: Partial<ViewState>) => setView((current) => ({ ...current, ...patch })), []);
  const leavingUntil = useLeavingPage();
  useEffect(() => {
    // Debounced: a pan writes the span every frame, and browsers throttle history updates.
    const timer = setTimeout(() => {
      if (Date.now() >= leavingUntil.current) writeUrl(view);
    }, URL_WRITE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [view, leavingUntil]);
  return [view, update];
}

/**
 * Until when a link to another page was just followed. Next's router treats a replaceState as "restore this URL",
 * so a view-state write landing while a navigation is pending (the review sets its span as it loads, a pan just
 * ended) would undo the navigation: the click on History would leave the page where it was. Writes wait instead;
 * the deadline lapses by itself if the navigation never happens (a download, a cancelled click).
 */
function useLeavingPage(): RefObject<number> {
  const leavingUntil = useRef(0);
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === '_blank' || anchor.hasAttribute('download')) return;
      const to = new URL(anchor.href, window.location.href);
      if (to.origin === window.location.origin && to.pathname !== window.location.pathname) leavingUntil.current = Date.now() + LEAVING_GRACE_MS;
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, []);
  return leavingUntil;
}

const LEAVING_GRACE_MS = 3_000;

const URL_WRITE_DELAY_MS = 150;

function writeUrl(view: ViewState): void {
  const url = new URL(window.location.href);
  // Keep parameters this view does not own (e.g. the benchmark page's `pods`).
  const own = encodeViewState(view);
  for (const key of ['namespace', 'workload', 'problems', 'q', 'align', 'time', 'view', 'theme', 't', 'pod', 'focus']) url.searchParams.delete(key);
  own.forEach((value, key) => url.searchParams.set(key, value));
  const next = `${url.pathname}${url.search}${url.hash}`;
  if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, '', next);
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
