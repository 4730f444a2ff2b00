import { describe, expect, it } from 'vitest';
import {
  advance,
  clampToRange,
  frameStepper,
  initialPlayback,
  isReplaySpeed,
  pause,
  play,
  reviewSpan,
  seekTo,
  type Playback,
} from './playback';

const RANGE = { from: 1_000, to: 61_000 };

describe('playback', () => {
  it('opens paused at the end of the range, at 1×', () => {
    expect(initialPlayback(RANGE)).toEqual({ atMs: 61_000, playing: false, speed: 1 });
  });

  it('advances by wall time times the speed while playing', () => {
    const playing: Playback = { atMs: 1_000, playing: true, speed: 10 };
    expect(advance(playing, RANGE, 500).atMs).toBe(6_000);
    expect(advance({ ...playing, speed: 1 }, RANGE, 500).atMs).toBe(1_500);
  });

  it('does not move while paused, or when no time passed', () => {
    const paused: Playback = { atMs: 2_000, playing: false, speed: 60 };
    expect(advance(paused, RANGE, 1_000)).toBe(paused);
    const playing = { ...paused, playing: true };
    expect(advance(playing, RANGE, 0)).toBe(playing);
  });

  it('stops at the end of the range, exactly on it', () => {
    const next = advance({ atMs: 60_000, playing: true, speed: 60 }, RANGE, 1_000);
    expect(next).toEqual({ atMs: 61_000, playing: false, speed: 60 });
  });

  it('play at the end starts over from the beginning; elsewhere it resumes where it stands', () => {
    expect(play(initialPlayback(RANGE), RANGE)).toEqual({ atMs: 1_000, playing: true, speed: 1 });
    expect(play({ atMs: 5_000, playing: false, speed: 2 }, RANGE)).toEqual({ atMs: 5_000, playing: true, speed: 2 });
  });

  it('pause keeps the cursor where it is', () => {
    expect(pause({ atMs: 5_000, playing: true, speed: 2 })).toEqual({ atMs: 5_000, playing: false, speed: 2 });
  });

  it('a seek stays inside the range', () => {
    expect(seekTo(initialPlayback(RANGE), RANGE, -5).atMs).toBe(1_000);
    expect(seekTo(initialPlayback(RANGE), RANGE, 99_000).atMs).toBe(61_000);
    expect(clampToRange(30_000, RANGE)).toBe(30_000);
  });

  it('knows its speeds', () => {
    expect(isReplaySpeed(30)).toBe(true);
    expect(isReplaySpeed(3)).toBe(false);
  });

  it('opens the lanes on the whole range with context either side: 5 s, or a tenth of a long range', () => {
    expect(reviewSpan({ from: 10_000, to: 11_500 })).toEqual({ startMs: 5_000, endMs: 16_500 });
    expect(reviewSpan({ from: 0, to: 600_000 })).toEqual({ startMs: -60_000, endMs: 660_000 });
  });

  it('opens where a link left the cursor, kept inside the range', () => {
    expect(initialPlayback(RANGE, 30_000)).toEqual({ atMs: 30_000, playing: false, speed: 1 });
    expect(initialPlayback(RANGE, 99_000).atMs).toBe(61_000);
    expect(initialPlayback(RANGE, null).atMs).toBe(61_000);
  });
});

/**
 * Replay time per wall time, driven by explicit frame timestamps (62 fps, as measured in the browser). React
 * applies a state updater either when it is queued or at its next render; the steps must give the same replay
 * time either way.
 */
describe('frameStepper: replay runs at the chosen speed', () => {
  const LONG = { from: 0, to: 3_600_000 };
  const FRAME_MS = 1000 / 62;
  const FRAMES = 124; // two seconds of wall time after the first frame

  type Step = (playback: Playback) => Playback;
  /** Applies each frame's step at once, or holds every other one back until the next frame (as React batches). */
  function run(speed: Playback['speed'], deferEveryOther: boolean): { replayMs: number; wallMs: number } {
    const stepAt = frameStepper(LONG);
    let playback: Playback = { atMs: 0, playing: true, speed };
    let held: Step[] = [];
    const startMs = 1_234.5;
    for (let frame = 0; frame <= FRAMES; frame += 1) {
      held.push(stepAt(startMs + frame * FRAME_MS));
      if (!deferEveryOther || frame % 2 === 1) {
        for (const step of held) playback = step(playback);
        held = [];
      }
    }
    for (const step of held) playback = step(playback);
    return { replayMs: playback.atMs, wallMs: FRAMES * FRAME_MS };
  }

  for (const speed of [1, 2, 5, 60] as const) {
    it(`${speed}× advances ${speed} s of replay per wall second, whenever React applies the steps`, () => {
      for (const deferEveryOther of [false, true]) {
        const { replayMs, wallMs } = run(speed, deferEveryOther);
        expect(replayMs / wallMs).toBeCloseTo(speed, 6);
      }
    });
  }

  it('does not count the time before the first frame, nor a clock that steps back', () => {
    const stepAt = frameStepper(LONG);
    const start: Playback = { atMs: 100, playing: true, speed: 1 };
    let playback = stepAt(50_000)(start);
    expect(playback.atMs).toBe(100);
    playback = stepAt(50_016)(playback);
    expect(playback.atMs).toBe(116);
    playback = stepAt(50_000)(playback);
    expect(playback.atMs).toBe(116);
    playback = stepAt(50_010)(playback);
    expect(playback.atMs).toBe(126);
  });
});
