'use client';
/** The replay cursor, moved by animation frames while it plays (lib/review/playback.ts does the arithmetic). */
import { useCallback, useEffect, useState } from 'react';
import { advance, initialPlayback, pause, play, seekTo, type Playback, type ReplayRange, type ReplaySpeed } from '@/lib/review/playback';

export interface PlaybackControls {
  playback: Playback;
  toggle(): void;
  seek(atMs: number): void;
  setSpeed(speed: ReplaySpeed): void;
}

export function usePlayback(range: ReplayRange): PlaybackControls {
  const [playback, setPlayback] = useState(() => initialPlayback(range));
  const playing = playback.playing;
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      setPlayback((current) => advance(current, range, now - last));
      last = now;
      frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, range]);
  const toggle = useCallback(() => setPlayback((current) => (current.playing ? pause(current) : play(current, range))), [range]);
  // Dragging the cursor takes it over from the clock.
  const seek = useCallback((atMs: number) => setPlayback((current) => seekTo(pause(current), range, atMs)), [range]);
  const setSpeed = useCallback((speed: ReplaySpeed) => setPlayback((current) => ({ ...current, speed })), []);
  return { playback, toggle, seek, setSpeed };
}
