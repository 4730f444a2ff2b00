import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap';
import { pseudoRandomBytes } from './test-helpers';

describe('MinHeap', () => {
  it('pops in ascending order whatever the push order', () => {
    const heap = new MinHeap<number>((a, b) => a - b);
    const values = Array.from(pseudoRandomBytes(500));
    for (const value of values) heap.push(value);
    const popped: number[] = [];
    for (let value = heap.pop(); value !== undefined; value = heap.pop()) popped.push(value);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
  });

  it('is empty after popping everything, and pop on empty gives undefined', () => {
    const heap = new MinHeap<number>((a, b) => a - b);
    heap.push(1);
    expect(heap.pop()).toBe(1);
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });
});
