// Uri literals read as Haxall reads them. In a Zinc (or filter) Uri, Haxall keeps the backslash of an escaped
// URI delimiter (`\:`, `\/`, `\?`, `\#`, `\[`, `\]`, `\@`, `\\`, `\&`, `\=`, `\;`) and unescapes the rest:
// `` `a\`b` `` is the Uri "a`b". haystack-core also keeps the backslash of `` \` ``, making it "a\`b". Before
// haystack-core reads a text, each `` \` `` inside a Uri literal is rewritten as `\u0060`, which it unescapes.

/** `text` with every `` \` `` inside a Uri literal written `\u0060`; the text itself when it has none. */
export function withHaxallUriEscapes(text: string): string {
  if (!text.includes('\\`')) return text;
  let out = '';
  let from = 0; // start of the text not yet copied to `out`
  let inStr = false;
  let inUri = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr || inUri) {
      if (c === '\\') {
        if (inUri && text[i + 1] === '`') {
          out += `${text.slice(from, i)}\\u0060`;
          from = i + 2;
        }
        i++; // an escape is two characters (or more, none of them a quote or a backtick)
      } else if (inStr && c === '"') inStr = false;
      else if (inUri && c === '`') inUri = false;
    } else if (c === '"') inStr = true;
    else if (c === '`') inUri = true;
  }
  return from === 0 ? text : out + text.slice(from);
}
