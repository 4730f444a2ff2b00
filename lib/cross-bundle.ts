/**
 * Next bundles instrumentation.ts (where the live runtime and its recording store are made) and each route
 * separately, so an error class is a different class in each bundle: an error the runtime's store throws fails
 * `instanceof` in the route that catches it, and a refusal that should be a 400 becomes a 500. A registered symbol
 * is the same in every bundle, so the error classes the routes tell apart answer `instanceof` by it.
 */
function brandOf(name: string): symbol {
  return Symbol.for(`drainscope.error.${name}`);
}

/** Called in the constructor of an error class named `name`. */
export function brandError(error: Error, name: string): void {
  Object.defineProperty(error, brandOf(name), { value: true });
}

/** For the class's `static [Symbol.hasInstance]`: an error branded `name` in any bundle. */
export function hasErrorBrand(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brandOf(name)] === true;
}
