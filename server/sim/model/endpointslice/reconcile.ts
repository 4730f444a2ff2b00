/**
 * Which EndpointSlices to create, update and delete for one Service and address family, following
 * staging/src/k8s.io/endpointslice/reconciler.go `reconcileByPortMapping` and `finalize`:
 *   1. keep every desired endpoint in the slice that already has it (update it in place if it changed);
 *      drop endpoints no longer desired; a slice left empty is deleted;
 *   2. fill slices that are being updated anyway, fullest first;
 *   3. put the rest into one unchanged slice with room for all of them, else into new slices;
 *   finalize: a create and a delete of the same family become an update of the slice that would be deleted.
 * Endpoints therefore stay in their slice; with `compact` (simulator-only) an almost empty slice is emptied
 * into slices with room, which shows watchers endpoints moving between slices.
 * Pure: the controller applies the plan to the store, creates first, then updates, then deletes.
 */
import { endpointKey, type EndpointJson } from './pod-to-endpoint';

export interface SliceView {
  name: string;
  endpoints: EndpointJson[];
}

export interface SlicePlan {
  create: EndpointJson[][];
  update: SliceView[];
  delete: string[];
}

function sameEndpoint(a: EndpointJson, b: EndpointJson): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function planSlices(input: {
  existing: SliceView[];
  desired: EndpointJson[];
  maxPerSlice: number;
  compact: boolean;
}): SlicePlan {
  const { maxPerSlice } = input;
  const desired = new Map(input.desired.map((e) => [endpointKey(e), e]));
  const updated = new Map<string, SliceView>();
  const unchanged: SliceView[] = [];
  const deleted: string[] = [];
  for (const slice of input.existing) {
    const kept: EndpointJson[] = [];
    let changed = false;
    for (const endpoint of slice.endpoints) {
      const want = desired.get(endpointKey(endpoint));
      if (!want) continue;
      kept.push(want);
      if (!sameEndpoint(want, endpoint)) changed = true;
      desired.delete(endpointKey(endpoint));
    }
    if (changed || kept.length !== slice.endpoints.length) {
      if (kept.length === 0) deleted.push(slice.name);
      else updated.set(slice.name, { name: slice.name, endpoints: kept });
    } else {
      unchanged.push(slice);
    }
  }
  const remaining = [...desired.values()];
  const fill = (slice: SliceView): void => {
    while (remaining.length > 0 && slice.endpoints.length < maxPerSlice)
      slice.endpoints.push(remaining.shift() as EndpointJson);
  };
  for (const slice of [...updated.values()].sort((a, b) => b.endpoints.length - a.endpoints.length)) fill(slice);
  const create: EndpointJson[][] = [];
  while (remaining.length > 0) {
    const candidate =
      remaining.length < maxPerSlice
        ? unchanged
            .filter((s) => !updated.has(s.name) && s.endpoints.length + remaining.length <= maxPerSlice)
            .sort((a, b) => b.endpoints.length - a.endpoints.length)[0]
        : undefined;
    if (candidate) {
      const copy = { name: candidate.name, endpoints: [...candidate.endpoints] };
      fill(copy);
      updated.set(copy.name, copy);
    } else {
      const fresh = { name: '', endpoints: [] as EndpointJson[] };
      fill(fresh);
      create.push(fresh.endpoints);
    }
  }
  // finalize: reuse a slice that would be deleted instead of creating a new one.
  while (create.length > 0 && deleted.length > 0) {
    const name = deleted.shift() as string;
    updated.set(name, { name, endpoints: create.pop() as EndpointJson[] });
  }
  const plan: SlicePlan = { create, update: [...updated.values()], delete: deleted };
  return input.compact ? compactPlan(plan, input.existing, maxPerSlice) : plan;
}

/** Empties the smallest slice into the others when they have room for all of its endpoints. */
function compactPlan(plan: SlicePlan, existing: SliceView[], maxPerSlice: number): SlicePlan {
  const after = new Map<string, SliceView>();
  for (const slice of existing)
    if (!plan.delete.includes(slice.name)) after.set(slice.name, { name: slice.name, endpoints: [...slice.endpoints] });
  for (const slice of plan.update) after.set(slice.name, { name: slice.name, endpoints: [...slice.endpoints] });
  if (plan.create.length > 0 || after.size < 2) return plan;
  const slices = [...after.values()].sort(
    (a, b) => a.endpoints.length - b.endpoints.length || a.name.localeCompare(b.name),
  );
  const [smallest, ...others] = slices;
  if (!smallest) return plan;
  const room = others.reduce((sum, s) => sum + (maxPerSlice - s.endpoints.length), 0);
  if (smallest.endpoints.length > room) return plan;
  const moving = [...smallest.endpoints];
  const receivers = new Map<string, SliceView>();
  for (const slice of [...others].sort((a, b) => b.endpoints.length - a.endpoints.length)) {
    while (moving.length > 0 && slice.endpoints.length < maxPerSlice) {
      slice.endpoints.push(moving.shift() as EndpointJson);
      receivers.set(slice.name, slice);
    }
  }
  const update = plan.update.filter((s) => s.name !== smallest.name && !receivers.has(s.name));
  return { create: [], update: [...receivers.values(), ...update], delete: [...plan.delete, smallest.name] };
}
