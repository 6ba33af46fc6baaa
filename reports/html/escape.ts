// Escaping for the two ways run data enters the page: as HTML text/attributes, and as JSON inside a <script> block.

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

const SCRIPT_UNSAFE: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON text that is safe inside `<script type="application/json">`: `<`, `>` and `&` are written as \u escapes, so
 * neither `</script>` nor `<!--` can appear, and U+2028/U+2029 are escaped for older JS parsers. These characters only
 * occur inside JSON strings, where the escapes decode to the same value.
 */
export function jsonForScript(value: unknown): string {
  return toJsonText(value).replace(/[<>&\u2028\u2029]/g, (ch) => SCRIPT_UNSAFE[ch] ?? ch);
}

/**
 * JSON.stringify that never throws: bigints become strings, cycles and other unserialisable values become a marker.
 * Non-finite numbers become null, as JSON.stringify does.
 */
export function toJsonText(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent) ?? 'null';
  } catch {
    return JSON.stringify(String(value));
  }
}
