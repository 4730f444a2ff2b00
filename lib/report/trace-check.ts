/**
 * A checker of the Chrome Trace Event Format as the trace export uses it (used by tests: the trace module's and
 * the CLI's). It reads the parsed JSON as untyped data, so it checks the file, not what the TypeScript types
 * promise, and returns every problem it finds as a sentence (none: the trace is well formed).
 *
 * What it holds a trace to, from the format (the JSON object form) and from how Perfetto's JSON importer and
 * chrome://tracing read it:
 * - the top level has `traceEvents` (an array) and `displayTimeUnit` ("ms" or "ns"), and no key but those and
 *   `otherData` (Perfetto stops reading at a top-level key it does not know);
 * - every event has `ph`, `name`, `pid`, `tid` and `ts`; ids are positive integers, `ts` a finite number of
 *   microseconds >= 0; an `X` event also a finite `dur` >= 0; an `i` event a scope `s` of t, p or g; `args`, when
 *   present, an object; no event field is an array (Perfetto's tokenizer refuses those while it looks for `ts`);
 * - metadata (`M`) events are process_name / thread_name (with `args.name` a string) or *_sort_index (with an
 *   integer `args.sort_index`); every process has a process_name and every thread a thread_name;
 * - a thread belongs to one process, and no thread id is another process's id;
 * - the slices of one thread form a stack: any two are nested or disjoint (ends exclusive), and two that start
 *   at the same time end at the same time, so no viewer has to guess which one is the parent.
 */

type Json = Record<string, unknown>;

const PHASES = new Set(['M', 'X', 'i']);
const METADATA = new Set(['process_name', 'thread_name', 'process_sort_index', 'thread_sort_index']);
const TOP_LEVEL = new Set(['traceEvents', 'displayTimeUnit', 'otherData']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

interface Slice {
  ts: number;
  end: number;
  index: number;
}

export function traceProblems(trace: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(trace)) return ['the trace is not a JSON object'];
  for (const key of Object.keys(trace)) if (!TOP_LEVEL.has(key)) problems.push(`unknown top-level key "${key}"`);
  if (trace.displayTimeUnit !== 'ms' && trace.displayTimeUnit !== 'ns')
    problems.push('displayTimeUnit is not "ms" or "ns"');
  if (trace.otherData !== undefined && !isObject(trace.otherData)) problems.push('otherData is not an object');
  if (!Array.isArray(trace.traceEvents)) return [...problems, 'traceEvents is not an array'];

  const processNames = new Set<number>();
  const threadNames = new Map<number, number>();
  const threadOf = new Map<number, number>();
  const slices = new Map<number, Slice[]>();
  const used: { pid: number; tid: number; index: number }[] = [];

  trace.traceEvents.forEach((event: unknown, index) => {
    const at = `event ${index}`;
    if (!isObject(event)) return problems.push(`${at} is not an object`);
    const { ph, name, pid, tid, ts, args } = event;
    if (typeof ph !== 'string' || !PHASES.has(ph))
      return problems.push(`${at}: ph ${JSON.stringify(ph)} is not one the export writes`);
    if (typeof name !== 'string' || name === '') problems.push(`${at}: no name`);
    if (!isId(pid) || !isId(tid)) return problems.push(`${at}: pid and tid must be positive integers`);
    if (!isTime(ts)) problems.push(`${at}: ts must be a number of microseconds >= 0`);
    if (args !== undefined && !isObject(args)) problems.push(`${at}: args must be an object`);
    for (const [key, value] of Object.entries(event))
      if (Array.isArray(value)) problems.push(`${at}: field ${key} is an array`);
    const owner = threadOf.get(tid);
    if (owner !== undefined && owner !== pid) problems.push(`${at}: thread ${tid} is in processes ${owner} and ${pid}`);
    threadOf.set(tid, pid);

    if (ph === 'M') {
      if (typeof name !== 'string' || !METADATA.has(name))
        return problems.push(`${at}: metadata event ${JSON.stringify(name)} is not one viewers read`);
      if (!isObject(args)) return problems.push(`${at}: metadata without args`);
      if (name.endsWith('_name') && typeof args.name !== 'string') problems.push(`${at}: ${name} without args.name`);
      if (name.endsWith('_sort_index') && !Number.isInteger(args.sort_index))
        problems.push(`${at}: ${name} without an integer args.sort_index`);
      if (name === 'process_name') processNames.add(pid);
      if (name === 'thread_name') threadNames.set(tid, pid);
      return;
    }
    used.push({ pid, tid, index });
    if (ph === 'i') {
      if (event.s !== 't' && event.s !== 'p' && event.s !== 'g')
        problems.push(`${at}: instant scope s must be t, p or g`);
      return;
    }
    if (!isTime(event.dur)) return problems.push(`${at}: X event without a dur >= 0`);
    if (isTime(ts)) slices.set(tid, [...(slices.get(tid) ?? []), { ts, end: ts + event.dur, index }]);
  });

  for (const { pid, tid, index } of used) {
    if (!processNames.has(pid)) problems.push(`event ${index}: process ${pid} has no process_name`);
    if (threadNames.get(tid) !== pid)
      problems.push(`event ${index}: thread ${tid} has no thread_name in process ${pid}`);
    if (tid !== pid && processNames.has(tid)) problems.push(`event ${index}: thread id ${tid} is also a process id`);
  }
  for (const list of slices.values()) problems.push(...stackProblems(list));
  return problems;
}

/** Any two slices of one thread: nested or disjoint, `[ts, end)`; equal starts need equal ends. */
function stackProblems(list: readonly Slice[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i] as Slice;
      const b = list[j] as Slice;
      if (a.end === a.ts || b.end === b.ts) continue;
      const disjoint = a.end <= b.ts || b.end <= a.ts;
      const nested = (a.ts <= b.ts && b.end <= a.end) || (b.ts <= a.ts && a.end <= b.end);
      if (!disjoint && !nested) problems.push(`events ${a.index} and ${b.index} cross on one thread`);
      else if (a.ts === b.ts && a.end !== b.end)
        problems.push(`events ${a.index} and ${b.index} start together and end apart on one thread`);
    }
  }
  return problems;
}
