/** `90s`, `10m`, `1h`, `1h30m`, `500ms` → milliseconds; null when it is not a duration. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  return total > 0 ? total : null;
}
