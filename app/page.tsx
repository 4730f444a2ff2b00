export default function HomePage() {
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">drainscope</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        Pod termination timelines. The live dashboard is not built yet; meanwhile analyse a recording with{' '}
        <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">npx drainscope analyze FILE</code>.
      </p>
    </main>
  );
}
