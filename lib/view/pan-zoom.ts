/**
 * Pan and zoom of the lanes' time axis as one plain class (Perfetto's PanAndZoomHandler): wheel, drag and the
 * keyboard. Keys are bound by `KeyboardEvent.code`, so WASD sits in the same place on AZERTY or Dvorak, and keys
 * typed into inputs are ignored. `dispose()` removes every listener it added.
 */
import type { TimeSpan } from './time-scale';
import { panSpan, zoomSpan } from './time-window';

export const KEY_ZOOM_FACTOR = 0.8;
export const KEY_PAN_FRACTION = 0.15;
/** Wheel delta → zoom factor exponent; a notch (~100) zooms about 20 %. */
export const WHEEL_ZOOM_RATE = 0.002;
/** A pointer that moved less than this between down and up clicked rather than dragged. */
export const DRAG_THRESHOLD_PX = 3;

export type PanZoomCommand = 'fit' | 'search' | 'help' | 'next' | 'previous' | 'close';

export interface KeyLike {
  code: string;
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

export interface WheelLike {
  deltaX: number;
  deltaY: number;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  preventDefault(): void;
}

export interface PanZoomOptions {
  getSpan(): TimeSpan;
  setSpan(span: TimeSpan): void;
  /** Width of the lane area in px. */
  widthPx(): number;
  onCommand(command: PanZoomCommand): void;
}

interface Listenable {
  addEventListener(type: string, listener: EventListener, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: EventListener): void;
}

function typedInto(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!element?.tagName) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable === true;
}

export class PanZoomController {
  /** Where the pointer last was, as a fraction of the width: keyboard zoom anchors there, like Perfetto. */
  private anchor = 0.5;
  private drag: { startX: number; lastX: number; moved: boolean } | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly options: PanZoomOptions) {}

  /** Binds wheel and drag on `lanes`, keys on `keys` (usually window). */
  attach(lanes: Listenable, keys: Listenable): void {
    const on = <E>(target: Listenable, type: string, listener: (event: E) => void, opts?: AddEventListenerOptions) => {
      // The DOM hands these handlers real WheelEvent/KeyboardEvent objects, which have every field the *Like types read.
      const bound = listener as unknown as EventListener;
      target.addEventListener(type, bound, opts);
      this.cleanups.push(() => target.removeEventListener(type, bound));
    };
    on<WheelLike>(lanes, 'wheel', (event) => this.handleWheel(event), { passive: false });
    on<KeyLike>(keys, 'keydown', (event) => this.handleKey(event));
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  pointerMoved(x: number): void {
    this.anchor = Math.min(1, Math.max(0, x / Math.max(1, this.options.widthPx())));
    if (!this.drag) return;
    const dx = x - this.drag.lastX;
    this.drag.lastX = x;
    if (Math.abs(x - this.drag.startX) >= DRAG_THRESHOLD_PX) this.drag.moved = true;
    if (this.drag.moved && dx !== 0)
      this.options.setSpan(panSpan(this.options.getSpan(), -dx / Math.max(1, this.options.widthPx())));
  }

  pointerDown(x: number): void {
    this.drag = { startX: x, lastX: x, moved: false };
  }

  /** Ends a drag; returns true when the pointer dragged (the click that follows should be ignored). */
  pointerUp(): boolean {
    const moved = this.drag?.moved ?? false;
    this.drag = null;
    return moved;
  }

  get dragging(): boolean {
    return this.drag?.moved ?? false;
  }

  handleWheel(event: WheelLike): void {
    const width = Math.max(1, this.options.widthPx());
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      // Anchored where the pointer last moved over the lanes, not at `event.offsetX`: reading that forces a
      // synchronous layout in every wheel event, right after the previous frame's DOM updates.
      this.options.setSpan(zoomSpan(this.options.getSpan(), Math.exp(event.deltaY * WHEEL_ZOOM_RATE), this.anchor));
      return;
    }
    const horizontal = event.shiftKey
      ? event.deltaY || event.deltaX
      : Math.abs(event.deltaX) > Math.abs(event.deltaY)
        ? event.deltaX
        : 0;
    if (horizontal === 0) return; // vertical scrolling stays native
    event.preventDefault();
    this.options.setSpan(panSpan(this.options.getSpan(), horizontal / width));
  }

  handleKey(event: KeyLike): void {
    if (event.ctrlKey || event.metaKey || event.altKey || typedInto(event.target)) return;
    const span = this.options.getSpan();
    const act = (fn: () => void) => {
      event.preventDefault();
      fn();
    };
    switch (event.code) {
      case 'KeyW':
        return act(() => this.options.setSpan(zoomSpan(span, KEY_ZOOM_FACTOR, this.anchor)));
      case 'KeyS':
        return act(() => this.options.setSpan(zoomSpan(span, 1 / KEY_ZOOM_FACTOR, this.anchor)));
      case 'KeyA':
        return act(() => this.options.setSpan(panSpan(span, -KEY_PAN_FRACTION)));
      case 'KeyD':
        return act(() => this.options.setSpan(panSpan(span, KEY_PAN_FRACTION)));
      case 'KeyF':
        return act(() => this.options.onCommand('fit'));
      case 'Slash':
        return act(() => this.options.onCommand(event.shiftKey ? 'help' : 'search'));
      case 'ArrowDown':
      case 'KeyJ':
        return act(() => this.options.onCommand('next'));
      case 'ArrowUp':
      case 'KeyK':
        return act(() => this.options.onCommand('previous'));
      case 'Escape':
        return act(() => this.options.onCommand('close'));
    }
    // `?` on layouts where it is not Shift+Slash.
    if (event.key === '?') act(() => this.options.onCommand('help'));
  }
}
