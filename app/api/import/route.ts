// Imports a recording or kubectl watch output, whole or nothing; the body is streamed (server/store/routes.ts).
// Outside the proxy (see server/security/route-guard.ts), so it applies the same auth gate itself.
import { getLiveRuntime } from '@/server/live/singleton';
import { guarded } from '@/server/security/route-guard';
import { importResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(request: Request): Promise<Response> {
  return guarded(request, async () => importResponse(request, await getLiveRuntime()));
}
