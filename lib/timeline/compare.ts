/** Code-unit order, not locale order: sorting must give the same result on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
