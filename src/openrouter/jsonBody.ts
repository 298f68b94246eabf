/**
 * A request body as JSON, written in pieces: the same bytes as `JSON.stringify`, without ever holding them
 * in one string or one buffer. A request with references carries megabytes of data URLs; serialising it
 * whole held the body three times at once (the data URLs, the JSON string, the buffer sent), so 32 MB of
 * references peaked at about 130 MB. Written in pieces, the only whole copy is the caller's own request
 * object. Pure code, no `vscode`.
 */

/** Strings longer than this, in UTF-16 code units, are written in slices of it. */
const SLICE = 64 * 1024;

/**
 * A JSON body: its length in UTF-8 bytes (for `content-length`), and its text in pieces, anew on each call.
 * The pieces are strings, not buffers: a socket encodes a string into memory it frees once written, where a
 * buffer per piece stays until the next garbage collection (40 MB of them for one request).
 */
export interface JsonBody {
  readonly byteLength: number;
  chunks(): Iterable<string>;
}

/**
 * `value` as a JSON body: the bytes of `JSON.stringify(value)` (plain data: objects, arrays, strings,
 * numbers, booleans, `null`; `undefined` and functions are left out of objects and written `null` in
 * arrays, and `toJSON` is called, as `JSON.stringify` does), in pieces of about 64 KiB of text.
 * @throws {TypeError} as `JSON.stringify` does (a cycle, a `bigint`).
 */
export function jsonBody(value: unknown): JsonBody {
  let byteLength = 0;
  for (const piece of pieces(value, new Set())) byteLength += Buffer.byteLength(piece);
  return {
    byteLength,
    *chunks() {
      let pending = '';
      for (const piece of pieces(value, new Set())) {
        if (pending.length + piece.length < SLICE) {
          pending += piece;
          continue;
        }
        if (pending !== '') yield pending;
        pending = '';
        yield piece;
      }
      if (pending !== '') yield pending;
    },
  };
}

/** The JSON text of `value` in pieces; `open` holds the objects being written (a cycle throws, as in `JSON.stringify`). */
function* pieces(value: unknown, open: Set<object>): Generator<string> {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (typeof value === 'string' && value.length > SLICE) {
    yield* longString(value);
    return;
  }
  if (value === null || typeof value !== 'object' || (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)) {
    // A short string, a number, a boolean, null, or an object of another class (Date has toJSON; a Map is `{}`).
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  // A cycle: JSON.stringify throws its own TypeError for it.
  if (open.has(value)) yield JSON.stringify(value);
  open.add(value);
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const v: unknown = value[i];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') yield 'null';
      else yield* pieces(v, open);
    }
    yield ']';
  } else {
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      yield* pieces(v, open);
    }
    yield '}';
  }
  open.delete(value);
}

/** A character `JSON.stringify` writes otherwise than as itself: `"`, `\\`, a control character, a surrogate. */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A long string as JSON, slice by slice. A data URL (the long strings of a request) has nothing to escape:
 * its slices are written as they are, without a copy. Otherwise a slice never ends between the two halves of
 * a surrogate pair, so each slice escapes exactly as the whole string does (`JSON.stringify` escapes only
 * lone surrogates).
 */
function* longString(s: string): Generator<string> {
  yield '"';
  const plain = !ESCAPED.test(s);
  for (let at = 0; at < s.length;) {
    let end = Math.min(at + SLICE, s.length);
    const last = s.charCodeAt(end - 1);
    if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield plain ? s.slice(at, end) : JSON.stringify(s.slice(at, end)).slice(1, -1);
    at = end;
  }
  yield '"';
}
