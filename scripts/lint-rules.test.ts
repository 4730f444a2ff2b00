/**
 * The import direction is a lint rule (eslint.config.mjs); these tests lint probe sources at the paths they
 * would live at, so the rule is shown to fail where it must and to pass where it may.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('import direction', () => {
  it('lib/ may not import server/, React, Node or the Kubernetes client', async () => {
    expect(
      await restrictedImports('lib/probe.ts', "import { x } from '../server/hub/hub';\nexport const y = x;\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'lib/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports('lib/probe.ts', "import { useState } from 'react';\nexport const y = useState;\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'lib/probe.ts',
        "import { KubeConfig } from '@kubernetes/client-node';\nexport const y = KubeConfig;\n",
      ),
    ).toHaveLength(1);
  });

  it('lib/ may import lib/, and its tests may read fixtures', async () => {
    expect(
      await restrictedImports('lib/timeline/probe.ts', "import { toIso } from '../time';\nexport const y = toIso;\n"),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'lib/timeline/probe.test.ts',
        "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'lib/timeline/probe.test.ts',
        "import { spawn } from 'node:child_process';\nexport const y = spawn;\n",
      ),
    ).toHaveLength(1);
  });

  it('components/ may import lib/ but never server/', async () => {
    expect(
      await restrictedImports(
        'components/Probe.tsx',
        "import { x } from '@/server/live/runtime';\nexport const y = x;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports('components/Probe.tsx', "import { toIso } from '@/lib/time';\nexport const y = toIso;\n"),
    ).toEqual([]);
  });

  it('server/ may not import components/, and only server/kube imports @kubernetes/client-node', async () => {
    expect(
      await restrictedImports(
        'server/hub/probe.ts',
        "import { x } from '../../components/Dashboard';\nexport const y = x;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'server/live/probe.ts',
        "import { KubeConfig } from '@kubernetes/client-node';\nexport const y = KubeConfig;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'app/api/probe/route.ts',
        "import { KubeConfig } from '@kubernetes/client-node';\nexport const y = KubeConfig;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'server/kube/probe.ts',
        "import { KubeConfig } from '@kubernetes/client-node';\nexport const y = KubeConfig;\n",
      ),
    ).toEqual([]);
  });
});
