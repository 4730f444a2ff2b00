/**
 * The replay cursor's clock: where it stands, whether it plays and how fast. Pure; the page feeds it the wall
 * time that passed between two animation frames.
 */
export const REPLAY_SPEEDS = [1, 2, 5, 10, 30, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayRange {
  from: number;
  to: number;
}

export interface Playback {
  atMs: number;
  playing: boolean;
  speed: ReplaySpeed;
}

export function clampToRange(atMs: number, range: ReplayRange): number {
  return Math.min(range.to, Math.max(range.from, atMs));
}

/**
 * Opens at the end of the range (the whole episode, as the list described it), or where a link's `at` left the
 * cursor, kept inside the range.
 */
export function initialPlayback(range: ReplayRange, atMs: number | null = null): Playback {
  return { atMs: atMs === null ? range.to : clampToRange(atMs, range), playing: false, speed: 1 };
}

/** Moves a playing cursor on by `elapsedMs` of wall time times the speed; it stops at the end of the range. */
export function advance(playback: Playback, range: ReplayRange, elapsedMs: number): Playback {
  if (!playback.playing || elapsedMs <= 0) return playback;
  const atMs = clampToRange(playback.atMs + elapsedMs * playback.speed, range);
  return { ...playback, atMs, playing: atMs < range.to };
}

/**
 * Turns animation-frame timestamps into playback steps. The wall time each frame adds is measured here, when the
 * frame arrives, and baked into the step it returns: React runs a state updater either at once or at its next
 * render, so an updater that read a shared "previous frame" stamp itself saw 0 ms whenever it ran late (about
 * every other frame), and the replay ran at half its speed. The first frame only sets the stamp: the time before
 * it (the effect that started playing, a backgrounded tab) is not replay time.
 */
export function frameStepper(range: ReplayRange): (frameMs: number) => (playback: Playback) => Playback {
  let lastFrameMs: number | null = null;
  return (frameMs) => {
    const elapsedMs = lastFrameMs === null ? 0 : Math.max(0, frameMs - lastFrameMs);
    lastFrameMs = frameMs;
    return (playback) => advance(playback, range, elapsedMs);
  };
}

/** Play from where the cursor is, or from the start when it already stands at the end. */
export function play(playback: Playback, range: ReplayRange): Playback {
  return { ...playback, playing: true, atMs: playback.atMs >= range.to ? range.from : playback.atMs };
}

export function pause(playback: Playback): Playback {
  return playback.playing ? { ...playback, playing: false } : playback;
}

export function seekTo(playback: Playback, range: ReplayRange, atMs: number): Playback {
  return { ...playback, atMs: clampToRange(atMs, range) };
}

export function isReplaySpeed(value: number): value is ReplaySpeed {
  return (REPLAY_SPEEDS as readonly number[]).includes(value);
}

/** A few seconds of context either side: the state before the first delete and the tail after the last signal. */
export const REVIEW_CONTEXT_MS = 5_000;

/** What the lanes show when a review opens: the whole range and some context, fixed while the cursor moves. */
export function reviewSpan(range: ReplayRange): { startMs: number; endMs: number } {
  const pad = Math.max(REVIEW_CONTEXT_MS, (range.to - range.from) * 0.1);
  return { startMs: range.from - pad, endMs: range.to + pad };
}
