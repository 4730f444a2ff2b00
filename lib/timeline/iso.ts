/**
 * `toIso` with a memo: an analysis formats some 200,000 times, and most are shared (whole-second API times of a
 * rollout fall on a few dozen seconds; receipts repeat across the pods a slice update touches). Formatting a
 * Date costs several times a Map lookup. Bounded, so a long-running live process does not grow with it.
 */
import { toIso, type EpochMs } from '../time';

const MAX_ENTRIES = 20_000;
const memo = new Map<EpochMs, string>();

export function isoOf(ms: EpochMs): string {
  let iso = memo.get(ms);
  if (iso === undefined) {
    if (memo.size >= MAX_ENTRIES) memo.clear();
    iso = toIso(ms);
    memo.set(ms, iso);
  }
  return iso;
}
