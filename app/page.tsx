import { getLiveRuntime } from '@/server/live/singleton';

// Reads the live runtime per request: the mode can only be known at run time.
export const dynamic = 'force-dynamic';

const MODE_TEXT = { cluster: 'Live cluster', 'in-cluster': 'Live cluster (in-cluster)', simulated: 'Simulated cluster' } as const;

export default async function HomePage() {
  const health = (await getLiveRuntime()).health();
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">drainscope</h1>
      <p className={`mt-4 rounded px-3 py-2 ${health.mode === 'simulated' ? 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100' : 'bg-slate-200 dark:bg-slate-800'}`}>
        <strong>{MODE_TEXT[health.mode]}</strong>
        {health.cluster ? ` — ${health.cluster}` : ''}
        {health.notice ? `. ${health.notice}` : ''}
      </p>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        {health.pods} pods tracked. The live dashboard is not built yet; the stream is at{' '}
        <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">/api/stream</code>, the timelines at{' '}
        <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">/api/timelines</code>. Analyse a recording with{' '}
        <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">npx drainscope analyze FILE</code>.
      </p>
    </main>
  );
}
