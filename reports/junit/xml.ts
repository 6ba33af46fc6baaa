// XML 1.0 escaping for JUnit output: entities for markup characters, and removal of characters XML cannot carry.

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Control characters (except tab, LF, CR), lone surrogates and U+FFFE/U+FFFF are not allowed in XML 1.0. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: XML cannot carry them
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe for an XML text node or a quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch] ?? ch);
}

/** `name="value" ...` from a record, values escaped, in the record's order. */
export function xmlAttributes(attributes: Record<string, string | number>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeXml(String(value))}"`)
    .join(' ');
}
