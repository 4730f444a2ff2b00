/**
 * Text into XML. Everything drawn from the cluster (pod names, namespaces, reasons) is untrusted: escaped, and
 * stripped of the characters XML 1.0 cannot hold at all, so a hostile name stays text and the document stays
 * well-formed whatever it contains.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** C0 controls other than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Safe as element text and as a quoted attribute value (`>` too, so `]]>` cannot appear). */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** A coordinate with at most two decimals: a few thousand lanes stay a few hundred kilobytes. */
export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** `name="value"` pairs, escaped; undefined and null values are left out. */
export function attrs(values: Record<string, string | number | null | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    out += ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return out;
}

/** An element; `children` is already XML (escape text with `escapeXml` first). */
export function el(
  name: string,
  attributes: Record<string, string | number | null | undefined>,
  children?: string,
): string {
  return children === undefined
    ? `<${name}${attrs(attributes)}/>`
    : `<${name}${attrs(attributes)}>${children}</${name}>`;
}

/** A text element whose content is untrusted. */
export function textEl(attributes: Record<string, string | number | null | undefined>, text: string): string {
  return el('text', attributes, escapeXml(text));
}
