/**
 * Test support (no XML parser is installed): a strict check of the XML subset the exporter writes, failing on
 * exactly what an unescaped name would break: a stray `<` or `&`, an unquoted or broken attribute, unbalanced tags.
 */

const NAME = '[A-Za-z_][\\w:.-]*';
const ATTRIBUTE = new RegExp(`\\s+${NAME}="[^"<]*"`, 'g');
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`);
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function checkCharacterData(text: string, where: string): void {
  if (text.replace(ENTITY, '').includes('&')) throw new Error(`bare & in ${where}: ${text.slice(0, 80)}`);
  if (text.includes('<')) throw new Error(`bare < in ${where}: ${text.slice(0, 80)}`);
}

/** Throws on the first well-formedness error; returns the element names in document order. */
export function assertWellFormed(xml: string): string[] {
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  const names: string[] = [];
  while (rest.length) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    checkCharacterData(text, 'text');
    if (lt < 0) break;
    rest = rest.slice(lt);
    const match = TAG.exec(rest);
    if (!match) throw new Error(`malformed tag at: ${rest.slice(0, 80)}`);
    const [whole, closing, name, attributes = '', selfClosing] = match;
    for (const attribute of attributes.match(ATTRIBUTE) ?? []) checkCharacterData(attribute, `attribute of <${name}>`);
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
    } else {
      names.push(name!);
      if (!selfClosing) stack.push(name!);
    }
    rest = rest.slice(whole.length);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return names;
}

const DECODE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The character data of every <text> and <title>, entities decoded (what a viewer shows). */
export function textContents(xml: string): string[] {
  const out: string[] = [];
  for (const match of xml.matchAll(/<(text|title)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    out.push(
      match[2]!.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => DECODE[name] ?? ''),
    );
  }
  return out;
}
