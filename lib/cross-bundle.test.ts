import { describe, expect, it, vi } from 'vitest';

/**
 * Two copies of a module, as Next's separate bundles for instrumentation.ts and a route hold them: an error thrown
 * by one copy's class must still be recognised by the other's (the import route once answered a malformed
 * recording with 500, because the store's ImportError was not the route's).
 */
async function twoCopies<T>(load: () => Promise<T>): Promise<[T, T]> {
  const first = await load();
  vi.resetModules();
  const second = await load();
  return [first, second];
}

describe('error classes across bundles', () => {
  it('answers instanceof for an error made by another copy of the module, and only for its own kind', async () => {
    const [a, b] = await twoCopies(() => import('./recording/recording-error'));
    expect(a.RecordingError).not.toBe(b.RecordingError);
    const error = new a.RecordingError(3, 'not valid JSON');
    expect(error instanceof b.RecordingError).toBe(true);
    expect(new Error('line 3') instanceof b.RecordingError).toBe(false);

    const [inputA, inputB] = await twoCopies(() => import('./recording/input'));
    expect(new inputA.InputTooLargeError(10) instanceof inputB.InputTooLargeError).toBe(true);
    expect(error instanceof inputB.InputTooLargeError).toBe(false);
  });

  it('lets the import route describe what the store of another bundle refused', async () => {
    const [store, route] = await twoCopies(() => import('@/server/store/import'));
    const [source] = await twoCopies(() => import('@/server/store/import-source'));
    expect(route.describeImportError(new source.ImportError(400, 'no header', 1))).toEqual({
      status: 400,
      message: 'no header',
      line: 1,
    });
    const [recording] = await twoCopies(() => import('./recording/recording-error'));
    expect(route.describeImportError(new recording.RecordingError(3, 'not valid JSON'))).toMatchObject({
      status: 400,
      line: 3,
    });
    expect(store.describeImportError(new Error('disk full'))).toBeNull();
  });
});
