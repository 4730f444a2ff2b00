import Link from 'next/link';

/** The title bar of the history and review pages: which page, and the way back (`testId` names the link). */
export function PageHeader({ page, back }: { page: string; back: { href: string; label: string; testId: string } }) {
  return (
    <header className="flex items-center gap-4 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-700 dark:bg-slate-900">
      <h1 className="text-lg font-semibold tracking-tight">
        drain<span className="text-[#D55E00]">scope</span> <span className="font-normal text-slate-500">· {page}</span>
      </h1>
      <Link
        href={back.href}
        className="ml-auto text-sm font-semibold text-sky-700 hover:underline dark:text-sky-400"
        data-testid={back.testId}
      >
        ← {back.label}
      </Link>
    </header>
  );
}
