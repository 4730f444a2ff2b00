import { describe, expect, it } from 'vitest';
import { PanZoomController, type KeyLike, type PanZoomCommand, type WheelLike } from './pan-zoom';
import type { TimeSpan } from './time-scale';

function setup() {
  let span: TimeSpan = { startMs: 0, endMs: 10_000 };
  const commands: PanZoomCommand[] = [];
  const controller = new PanZoomController({
    getSpan: () => span,
    setSpan: (next) => (span = next),
    widthPx: () => 1_000,
    onCommand: (c) => commands.push(c),
  });
  return { controller, commands, span: () => span };
}

const key = (code: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  code,
  key: '',
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: null,
  preventDefault: () => undefined,
  ...extra,
});
const wheel = (extra: Partial<WheelLike>): WheelLike => ({
  deltaX: 0,
  deltaY: 0,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  preventDefault: () => undefined,
  ...extra,
});

describe('PanZoomController', () => {
  it('zooms with W/S and pans with A/D by physical key code', () => {
    const { controller, span } = setup();
    controller.handleKey(key('KeyW'));
    expect(span()).toEqual({ startMs: 1_000, endMs: 9_000 });
    controller.handleKey(key('KeyS'));
    expect(span().endMs - span().startMs).toBeCloseTo(10_000);
    const before = span().startMs;
    controller.handleKey(key('KeyD'));
    expect(span().startMs - before).toBeCloseTo(1_500);
  });

  it('zooms around the pointer', () => {
    const { controller, span } = setup();
    controller.pointerMoved(1_000);
    controller.handleKey(key('KeyW'));
    expect(span().endMs).toBe(10_000);
  });

  it('ignores keys typed into inputs and with modifiers', () => {
    const { controller, span, commands } = setup();
    controller.handleKey(key('KeyW', { target: { tagName: 'INPUT' } as unknown as EventTarget }));
    controller.handleKey(key('KeyF', { ctrlKey: true }));
    expect(span()).toEqual({ startMs: 0, endMs: 10_000 });
    expect(commands).toEqual([]);
  });

  it('sends commands: fit, search, help, navigation', () => {
    const { controller, commands } = setup();
    for (const k of [
      key('KeyF'),
      key('Slash'),
      key('Slash', { shiftKey: true }),
      key('ArrowDown'),
      key('KeyK'),
      key('Escape'),
      key('Minus', { key: '?' }),
    ])
      controller.handleKey(k);
    expect(commands).toEqual(['fit', 'search', 'help', 'next', 'previous', 'close', 'help']);
  });

  it('zooms with ctrl+wheel, pans with shift+wheel, leaves plain wheel to native scrolling', () => {
    const { controller, span } = setup();
    controller.handleWheel(wheel({ deltaY: 100 }));
    expect(span()).toEqual({ startMs: 0, endMs: 10_000 });
    controller.handleWheel(wheel({ deltaY: 100, shiftKey: true }));
    expect(span().startMs).toBeCloseTo(1_000);
    controller.handleWheel(wheel({ deltaY: -100, ctrlKey: true }));
    expect(span().endMs - span().startMs).toBeLessThan(10_000);
  });

  it('zooms with ctrl+wheel around where the pointer last moved over the lanes', () => {
    const { controller, span } = setup();
    controller.pointerMoved(250);
    controller.handleWheel(wheel({ deltaY: -100, ctrlKey: true }));
    const zoomed = span();
    // The time under x = 250 (2.5 s) stays under it.
    expect(zoomed.startMs + ((zoomed.endMs - zoomed.startMs) * 250) / 1_000).toBeCloseTo(2_500);
  });

  it('pans by dragging, and tells a drag from a click', () => {
    const { controller, span } = setup();
    controller.pointerDown(500);
    controller.pointerMoved(501);
    expect(controller.pointerUp()).toBe(false);
    controller.pointerDown(500);
    controller.pointerMoved(400);
    expect(span().startMs).toBeCloseTo(1_000);
    expect(controller.pointerUp()).toBe(true);
  });

  it('removes its listeners on dispose', () => {
    const { controller } = setup();
    const added: string[] = [];
    const target = {
      addEventListener: (type: string) => added.push(type),
      removeEventListener: (type: string) => added.splice(added.indexOf(type), 1),
    };
    controller.attach(target, target);
    expect(added).toEqual(['wheel', 'keydown']);
    controller.dispose();
    expect(added).toEqual([]);
  });
});
