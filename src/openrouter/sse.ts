/**
 * SSE framing: from OpenRouter's streamed bytes to the `data` of each event.
 *
 * Wire format (https://openrouter.ai/docs/api-reference/streaming): `data: {json}` events separated by
 * blank lines, `: OPENROUTER PROCESSING` comments before and between them, `data: [DONE]` last. Line
 * endings may be LF or CRLF and chunk boundaries fall anywhere, even inside a multi-byte character.
 * SSE framing is eventsource-parser's (linear in the input: it never re-scans a growing line).
 */
import { createParser } from 'eventsource-parser';
import * as l10n from '@vscode/l10n';
import { DEFAULT_STREAM_LIMITS, limitError, mb } from './limits';

/**
 * Splits an SSE byte stream into the `data` fields of its events, synchronously, one network read at a
 * time; SSE framing is eventsource-parser's.
 *
 * The parser is given whole lines only: the bytes after a read's last line break wait here, as bytes,
 * until a later read ends their line, and are then decoded once. An image event is one line of several
 * MB that arrives in dozens of reads; decoding each read and joining the pieces into one string (what the
 * parser does with partial lines) cost 2.0 ms per 3 MB, against 0.8 ms for joining the bytes and decoding
 * them once (measured on Node 24 with the real-size image stream in 64 KiB reads). Lines are cut only
 * after a CR or LF byte, which never falls inside a UTF-8 character, so each piece decodes on its own
 * (`Buffer#toString`: 0.7 ms for those 3 MB, where a `StringDecoder` takes 2.2 ms). Bytes left at the end
 * of the body that do not form a whole character decode to U+FFFD, as with a streaming decoder.
 *
 * Size bound: what is held for the event in progress (the bytes waiting here, plus the bytes given to the
 * parser since the last blank line, `data: ` prefixes and line breaks included) may not exceed
 * `maxEventChars`, counted in bytes (one per ASCII character, so a line of other text meets the bound
 * sooner than its character count alone would). It is checked after every read, before the next is taken.
 */
export class SseSplitter {
  private readonly events: string[] = [];
  private readonly parser;
  private overflow = false;
  /** Bytes of the unfinished line, as received. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes given to the parser since the last blank line: an upper bound of what it holds. */
  private held = 0;
  /** The bytes given to the parser so far ended with a CR (whose LF may come first in the next read). */
  private endedWithCr = false;

  /**
   * @param maxEventChars the largest event (or unterminated line) held, in bytes; beyond it {@link push}
   *   throws. It is also eventsource-parser's `maxBufferSize` (in characters, never more than the bytes).
   */
  constructor(private readonly maxEventChars = DEFAULT_STREAM_LIMITS.maxEventChars) {
    this.parser = createParser({
      onEvent: (e) => this.events.push(e.data),
      onError: (e) => {
        if (e.type === 'max-buffer-size-exceeded') this.overflow = true;
      },
      maxBufferSize: maxEventChars,
    });
  }

  /**
   * Takes the next bytes of the body (text is taken as its UTF-8 bytes).
   * @returns the data of every event completed by them (`"[DONE]"` included as sent), in order.
   * @throws {OpenRouterError} `kind: 'limit'` when an event grows past `maxEventChars`.
   */
  push(chunk: Uint8Array | string): string[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const cut = Math.max(bytes.lastIndexOf(LF), bytes.lastIndexOf(CR)) + 1;
    if (cut === 0) {
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
      this.checkSize();
      return [];
    }
    const lines = this.take(cut === bytes.length ? bytes : bytes.subarray(0, cut));
    if (cut < bytes.length) {
      this.pending.push(bytes.subarray(cut));
      this.pendingBytes = bytes.length - cut;
    }
    // A CR that ends the lines but not the read is a break of its own (no LF follows it): the parser
    // would hold its line until it saw the next byte, so it is told with an LF (CR LF is one break).
    const loneCr = lines[lines.length - 1] === CR && cut < bytes.length;
    this.parser.feed(loneCr ? `${lines.toString('utf8')}\n` : lines.toString('utf8'));
    const boundary = afterLastBlankLine(lines, this.endedWithCr);
    this.held = boundary >= 0 ? lines.length - boundary : this.held + lines.length;
    this.endedWithCr = lines[lines.length - 1] === CR && !loneCr;
    this.checkSize();
    return this.events.splice(0);
  }

  /**
   * Ends the body. As the SSE spec says, an event not ended by a blank line when the body ends is
   * discarded: a reply cut off in the middle of an event must not look complete.
   * @returns the data of events completed by the last bytes.
   */
  end(): string[] {
    const rest = this.pendingBytes > 0 ? this.take().toString('utf8') : '';
    // The parser holds a line that ends in CR until it sees whether an LF follows; at the end nothing
    // does. One LF settles it (CR LF is one break) and ends an unfinished last line without making a
    // blank line, so an event not ended by one is still dropped.
    if (rest !== '' || this.endedWithCr) this.parser.feed(`${rest}\n`);
    this.checkSize();
    return this.events.splice(0);
  }

  /** The waiting bytes followed by `more`, as one buffer; nothing waits afterwards. */
  private take(more?: Buffer): Buffer {
    const parts = more ? [...this.pending, more] : this.pending;
    const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, this.pendingBytes + (more?.length ?? 0));
    this.pending = [];
    this.pendingBytes = 0;
    return all;
  }

  private checkSize(): void {
    if (this.overflow || this.held + this.pendingBytes > this.maxEventChars) {
      this.overflow = true;
      this.pending = [];
      this.pendingBytes = 0;
      throw limitError('maxEventChars', l10n.t('one event of the stream is over {0}', mb(this.maxEventChars)));
    }
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Where the last blank line of `lines` ends (the index after it), or -1 when none is found. `lines` ends
 * with a line break, and so did the bytes before it (they were cut after one), so a break first in
 * `lines` ends a blank line, unless it is the LF of a CR LF whose CR ended the bytes before
 * (`afterCr`). Walks back line by line with native byte searches, so a long last line costs one scan
 * and the usual case (an event ended just before the end) a few bytes. Only ever errs towards -1 (which
 * counts more as held), never towards an earlier boundary.
 */
function afterLastBlankLine(lines: Buffer, afterCr: boolean): number {
  const hasCr = lines.includes(CR);
  const prevBreak = (before: number): number => (before < 0 ? -1 : hasCr ? Math.max(lines.lastIndexOf(LF, before), lines.lastIndexOf(CR, before)) : lines.lastIndexOf(LF, before));
  let end = lines.length - 1;
  for (;;) {
    // The line break at `end` starts at `start` (a CR LF pair is one break).
    const start = lines[end] === LF && end > 0 && lines[end - 1] === CR ? end - 1 : end;
    if (start === 0) return afterCr && lines[0] === LF ? -1 : end + 1;
    const before = lines[start - 1];
    if (before === LF || before === CR) return end + 1;
    end = prevBreak(start - 1);
    if (end < 0) return -1;
  }
}

/**
 * Splits an SSE byte stream into the `data` fields of its events, in order (comments are dropped): the
 * async form of {@link SseSplitter}.
 * @param body chunks of UTF-8 bytes, split anywhere.
 * @param maxEventChars the largest event held, in characters.
 * @returns an async generator of event data strings (`"[DONE]"` included as sent).
 * @throws {OpenRouterError} `kind: 'limit'` when an event grows past `maxEventChars`.
 */
export async function* sseData(body: AsyncIterable<Uint8Array | string>, maxEventChars = DEFAULT_STREAM_LIMITS.maxEventChars): AsyncGenerator<string> {
  const splitter = new SseSplitter(maxEventChars);
  for await (const chunk of body) yield* splitter.push(chunk);
  yield* splitter.end();
}
