'use client';
/**
 * Subscribes to `/api/stream` and exposes the live store's state plus the transport's health. EventSource retries
 * a dropped connection by itself, but gives up after an HTTP error (a restarting server answers 502/503), so a
 * closed source is reopened here with backoff, resuming from the last event id.
 *
 * With a seed (the hub's snapshot the page fetched first, ./LiveDashboard.tsx), the store starts from it and the
 * first connection already resumes from its event id: the stream sends only what changed since. A seed still
 * arriving (`SeedRest`) is drawn as far as it goes; the stream opens once the whole seed is in (a stream's deltas
 * applied to part of the pods would be overwritten by older lines of the seed), or, if it is refused, from nothing.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import {
  createLiveViewStateHolder,
  initialLiveViewState,
  seededLiveState,
  type LiveSeed,
  type LiveViewState,
} from '@/lib/live/live-view-state';
import { nextUpdateDelayMs } from '@/lib/live/flush-pacing';
import type { SseEvent } from '@/lib/live/protocol';

const MESSAGE_TYPES = [
  'hello',
  'snapshot',
  'timeline',
  'removed',
  'findings',
  'watch',
  'workloads',
  'shutdown',
] as const;
const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;

export interface Transport {
  /** `open` once the stream answered; `retrying` after an error until it answers again. */
  state: 'opening' | 'open' | 'retrying';
  /** When the stream was last known good (ms), or null if it never was. */
  lastOpenAt: number | null;
  /** When the current outage began, or null. */
  downSince: number | null;
  failures: number;
}

/** The rest of a seed whose first lines the page draws already: how many pods it holds, and the whole seed. */
export interface SeedRest {
  total: number;
  /** The whole seed once read, or null when it was refused. */
  whole: Promise<LiveSeed | null>;
}

export function useLiveStream(
  enabled: boolean,
  seed: LiveSeed | null = null,
  seedRest: SeedRest | null = null,
): { live: LiveViewState; transport: Transport } {
  // The seed is read once (the memo has no inputs): the stream moves the state on from it.
  const { store, createdAt, rest } = useMemo(
    () => ({
      store: createLiveViewStateHolder(seed ? seededLiveState(seed, seedRest?.total) : initialLiveViewState),
      createdAt: performance.now(),
      rest: seed ? seedRest : null,
    }),
    [],
  );
  const live = useSyncExternalStore(store.subscribe, store.getSnapshot, () => initialLiveViewState);
  const [transport, setTransport] = useState<Transport>({
    state: 'opening',
    lastOpenAt: null,
    downSince: null,
    failures: 0,
  });

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let disposed = false;
    // Events wait for an animation frame and are applied together: each store change re-renders the page, and a
    // resumed stream or a large rollout delivers many messages per frame. Costly updates are spaced out
    // (lib/live/flush-pacing.ts), so that a page of thousands of pods still pans smoothly.
    let pending: SseEvent[] = [];
    let flushFrame: number | null = null;
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    let delayTimer: ReturnType<typeof setTimeout> | null = null;
    // The first render (with the seed's pods, when there is one) counts as the first update: the stream's first
    // deltas are paced after it as after any other.
    let lastStarted = createdAt;
    let lastCost = performance.now() - createdAt;
    const flush = () => {
      if (flushFrame !== null) cancelAnimationFrame(flushFrame);
      if (flushTimer) clearTimeout(flushTimer);
      if (delayTimer) clearTimeout(delayTimer);
      flushFrame = flushTimer = delayTimer = null;
      const events = pending;
      pending = [];
      if (events.length === 0) return;
      const started = performance.now();
      lastStarted = started;
      store.applyEvents(events);
      // React renders the change in a microtask; a timer set now fires after it: the cost of applying and rendering.
      setTimeout(() => (lastCost = performance.now() - started), 0);
    };
    const scheduleFlush = () => {
      if (flushFrame !== null || delayTimer !== null) return;
      const inFrame = () => {
        delayTimer = null;
        flushFrame = requestAnimationFrame(flush);
        // A hidden tab gets no animation frames: its state still moves on, four times a second.
        flushTimer = setTimeout(flush, 250);
      };
      const delay = nextUpdateDelayMs(lastStarted, lastCost, performance.now());
      if (delay > 0) delayTimer = setTimeout(inFrame, delay);
      else inFrame();
    };

    const markDown = () => {
      flush();
      store.markDisconnected();
      setTransport((t) => ({
        ...t,
        state: 'retrying',
        downSince: t.downSince ?? Date.now(),
        failures: t.failures + 1,
      }));
    };
    const reopenLater = (delayMs: number) => {
      if (retryTimer || disposed) return;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        open();
      }, delayMs);
    };
    const open = () => {
      source?.close();
      flush();
      const resumeFrom = store.getSnapshot().lastEventId;
      const es = new EventSource(
        resumeFrom ? `/api/stream?lastEventId=${encodeURIComponent(resumeFrom)}` : '/api/stream',
      );
      source = es;
      es.onopen = () => {
        failures = 0;
        setTransport((t) => ({ ...t, state: 'open', lastOpenAt: Date.now(), downSince: null }));
      };
      for (const type of MESSAGE_TYPES) {
        es.addEventListener(type, (event: MessageEvent<string>) => {
          pending.push({ event: type, data: event.data, id: event.lastEventId || undefined });
          scheduleFlush();
          if (type === 'shutdown') {
            flush();
            es.close();
            markDown();
            reopenLater(store.getSnapshot().retryMs ?? MIN_RETRY_MS);
          }
        });
      }
      es.onerror = () => {
        markDown();
        if (es.readyState === EventSource.CLOSED) {
          failures += 1;
          reopenLater(Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** Math.min(failures, 4)));
        }
      };
    };
    if (rest) {
      void rest.whole.then((whole) => {
        if (disposed) return;
        // Drawing the whole seed is an update like any other: the stream's first deltas are paced after it.
        const started = performance.now();
        lastStarted = started;
        store.replace(whole ? seededLiveState(whole) : initialLiveViewState);
        setTimeout(() => (lastCost = performance.now() - started), 0);
        open();
      });
    } else open();
    return () => {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (flushFrame !== null) cancelAnimationFrame(flushFrame);
      if (flushTimer) clearTimeout(flushTimer);
      if (delayTimer) clearTimeout(delayTimer);
      source?.close();
    };
  }, [enabled, store, createdAt, rest]);

  return { live, transport };
}
