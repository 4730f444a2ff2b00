'use client';
/** The replay cursor, moved by animation frames while it plays (lib/review/playback.ts does the arithmetic). */
import { useCallback, useEffect, useState } from 'react';
import {
  frameStepper,
  initialPlayback,
  pause,
  play,
  seekTo,
  type Playback,
  type ReplayRange,
  type ReplaySpeed,
} from '@/lib/review/playback';

export interface PlaybackControls {
  playback: Playback;
  toggle(): void;
  seek(atMs: number): void;
  setSpeed(speed: ReplaySpeed): void;
}

export function usePlayback(range: ReplayRange, initialAtMs: number | null = null): PlaybackControls {
  const [playback, setPlayback] = useState(() => initialPlayback(range, initialAtMs));
  const playing = playback.playing;
  useEffect(() => {
    if (!playing) return;
    const stepAt = frameStepper(range);
    let frame = requestAnimationFrame(function step(frameMs) {
      setPlayback(stepAt(frameMs));
      frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, range]);
  const toggle = useCallback(
    () => setPlayback((current) => (current.playing ? pause(current) : play(current, range))),
    [range],
  );
  // Dragging the cursor takes it over from the clock.
  const seek = useCallback((atMs: number) => setPlayback((current) => seekTo(pause(current), range, atMs)), [range]);
  const setSpeed = useCallback((speed: ReplaySpeed) => setPlayback((current) => ({ ...current, speed })), []);
  return { playback, toggle, seek, setSpeed };
}
