/**
 * Wire formats: AWS JSON 1.0/1.1 (X-Amz-Target dispatch, `__type` errors) and the Query protocol used by
 * ELBv2 (form-encoded `Action=…` requests, XML responses in the `<XResponse><XResult>` envelope, errors
 * in `<ErrorResponse>`).
 */

/** Request and response data on the wire: untyped until an operation reads the members it models. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;

/** Parses `A.member.1.B=x&C=y` into `{ A: [{ B: 'x' }], C: 'y' }` (all leaf values are strings). */
export function parseQuery(body: string): Record<string, Wire> {
  const root: Record<string, Wire> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split('.');
    let node: Wire = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if (part === 'member' || part === 'entry') continue;
      const index = /^\d+$/.test(part) ? Number(part) - 1 : undefined;
      const slot: string | number = index ?? part;
      if (last) {
        node[slot] = value;
        break;
      }
      const nextIsIndex =
        parts[i + 1] === 'member' || parts[i + 1] === 'entry' || /^\d+$/.test(parts[i + 1]!);
      node[slot] ??= nextIsIndex ? [] : {};
      node = node[slot];
    }
  }
  return root;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Serialises a value in Query-protocol XML: lists as `<member>`, timestamps (Date) as ISO 8601. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    let out = '';
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null) continue;
      out += `<${k}>${toXml(v)}</${k}>`;
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return escapeXml(String(value));
  return '';
}

export function queryResponse(action: string, xmlns: string, result: unknown, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${xmlns}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function queryError(
  xmlns: string,
  code: string,
  message: string,
  status: number,
  requestId: string,
): string {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${xmlns}">` +
    `<Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export function jsonError(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}
