// Imports a recording or kubectl watch output, whole or nothing; the body is streamed (server/store/routes.ts).
// Outside the proxy (see server/security/route-guard.ts), so it applies the same auth gate itself.
import { getLiveRuntime } from '@/server/live/singleton';
import { guarded, notAllowed } from '@/server/security/route-guard';
import { importResponse } from '@/server/store/routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(request: Request): Promise<Response> {
  return guarded(request, async () => importResponse(request, await getLiveRuntime()));
}

// Next would answer these itself, before the gate and without the headers (see server/security/route-guard.ts).
const onlyPost = notAllowed(['POST']);
export const GET = onlyPost;
export const HEAD = onlyPost;
export const PUT = onlyPost;
export const PATCH = onlyPost;
export const DELETE = onlyPost;
export const OPTIONS = onlyPost;
