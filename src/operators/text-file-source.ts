/**
 * `readTextFile`: the lines of a file, split across subtasks by byte ranges as Flink's
 * TextInputFormat splits a file. Subtask i of p owns the lines that *start* in
 * `[i*size/p, (i+1)*size/p)`: it skips the line that started before its range and reads past the
 * range end to finish its last line. The file is streamed through one reused buffer.
 *
 * It reads splits (a rescaled subtask may read several old subtasks' ranges); a split's position
 * is a byte offset: the subtask emits the lines that start at or after it (and before its range
 * end). At every await it names the first line not yet emitted, so a restored subtask reads from
 * there on exactly as a fresh one reads from its range start.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { readSplits, type SplitCursor } from './source-splits.js';
import type { SourceContext } from './sources.js';

/** How the source reads: bytes per read call, and bytes of lines emitted between two pauses. */
export interface TextFileChunking {
  readBytes: number;
  pauseBytes: number;
}

/**
 * Reads are large: the task thread waits for each one (a round trip to the I/O thread pool).
 * Pauses are frequent: a keyed consumer sharing its thread with a busy source is served only when
 * the source pauses, and until then producers on the other side wait for its credit (WordCount at
 * parallelism 2 was backpressured for over a quarter of the source's busy time when it paused
 * every 64 KiB, ~1% every 16 KiB).
 */
export const TEXT_FILE_CHUNKING: TextFileChunking = { readBytes: 256 * 1024, pauseBytes: 16 * 1024 };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Emits the lines of `path` that start in the byte range of each of the context's splits (from its position on), then returns. */
export async function runTextFileSource(path: string, ctx: SourceContext, chunking = TEXT_FILE_CHUNKING): Promise<void> {
  // Opened by the first split: the position is registered before the first await, so a checkpoint
  // taken while the file opens records the splits.
  const opened: { file?: TextFile; size: number } = { size: 0 };
  try {
    await readSplits(ctx, async (split, cursor) => {
      if (opened.file === undefined) {
        opened.file = await TextFile.open(path);
        opened.size = await opened.file.size();
      }
      const start = cursor.position ?? Math.floor((split.index * opened.size) / split.parallelism);
      const end = Math.floor(((split.index + 1) * opened.size) / split.parallelism);
      return start >= end || emitLines(opened.file, start, end, ctx, chunking, cursor);
    });
  } finally {
    await opened.file?.close();
  }
}

/**
 * The read loop. `buffer[0]` is at file offset `base`; `lineStart` indexes the next line's first
 * byte. Lines are decoded one by one from the bytes: a line ends at a `\n` byte, which never occurs
 * inside a multi-byte UTF-8 character, so characters cut by a read boundary are always whole by
 * the time their line is decoded. (Decoding whole chunks and slicing would be faster, but V8
 * keeps a chunk alive as long as any slice of it is, e.g. a word held as a state key.)
 * Resolves true once the range was emitted, false when the source must stop.
 */
async function emitLines(file: TextFile, start: number, end: number, ctx: SourceContext, chunking: TextFileChunking, cursor: SplitCursor): Promise<boolean> {
  const output = ctx.output;
  let buffer: Buffer = Buffer.allocUnsafe(chunking.readBytes);
  // Not at the file start: read from start-1 and drop everything up to the first newline, which
  // is either the newline just before our range (a line starts at `start`) or ends a foreign line.
  let base = start === 0 ? 0 : start - 1;
  let skipping = start > 0;
  let filled = 0;
  let lineStart = 0;
  let sincePause = 0;
  for (;;) {
    if (filled === buffer.length) buffer = grow(buffer, filled);
    cursor.position = skipping ? start : base + lineStart;
    const bytesRead = await file.read(buffer, filled, base + filled);
    let scan = filled;
    filled += bytesRead;
    // Search only the filled part: bytes after it are left over from earlier reads.
    const data = buffer.subarray(0, filled);
    for (let nl = data.indexOf(NEWLINE, scan); nl !== -1; nl = data.indexOf(NEWLINE, scan)) {
      if (skipping) {
        skipping = false;
      } else {
        output.collect(decodeLine(buffer, lineStart, nl));
        sincePause += nl + 1 - lineStart;
      }
      lineStart = scan = nl + 1;
      if (base + lineStart >= end) return exhausted(cursor, end);
      if (sincePause >= chunking.pauseBytes) {
        sincePause = 0;
        cursor.position = base + lineStart;
        if (!(await ctx.pause())) return false;
      }
    }
    // Still inside the line that started before our range: none of it is needed.
    if (skipping) lineStart = filled;
    if (bytesRead === 0) {
      // End of file: a last line without a newline.
      if (!skipping && lineStart < filled) output.collect(decodeLine(buffer, lineStart, filled));
      return exhausted(cursor, end);
    }
    // Keep the unfinished line: move it to the front so the next read appends to it.
    buffer.copy(buffer, 0, lineStart, filled);
    base += lineStart;
    filled -= lineStart;
    lineStart = 0;
  }
}

/** Every line of the range was emitted (closing the file awaits too, so the position must say so). */
function exhausted(cursor: SplitCursor, end: number): true {
  cursor.position = end;
  return true;
}

/** The line in `buffer[from, end)` without a trailing `\r` (as Flink's TextInputFormat). */
function decodeLine(buffer: Buffer, from: number, end: number): string {
  return buffer.toString('utf8', from, end > from && buffer[end - 1] === CARRIAGE_RETURN ? end - 1 : end);
}

/** A buffer twice as large holding the first `filled` bytes (a line longer than the buffer). */
function grow(buffer: Buffer, filled: number): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger, 0, 0, filled);
  return bigger;
}

/** The file handle, with I/O errors turned into errors that name the file. */
class TextFile {
  private constructor(private readonly path: string, private readonly handle: FileHandle) {}

  static async open(path: string): Promise<TextFile> {
    try {
      return new TextFile(path, await open(path, 'r'));
    } catch (err) {
      throw readError(path, err);
    }
  }

  async size(): Promise<number> {
    try {
      return (await this.handle.stat()).size;
    } catch (err) {
      throw readError(this.path, err);
    }
  }

  /** Fills `buffer` from `offset` with the bytes at file `position`; 0 at end of file. */
  async read(buffer: Buffer, offset: number, position: number): Promise<number> {
    try {
      return (await this.handle.read(buffer, offset, buffer.length - offset, position)).bytesRead;
    } catch (err) {
      throw readError(this.path, err);
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

function readError(path: string, err: unknown): SluiceError {
  const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
  const reason = missing ? 'no such file on this TaskManager (the file must be reachable where the tasks run)' : errorMessage(err);
  return new SluiceError(missing ? ErrorCode.NOT_FOUND : ErrorCode.TASK_FAILED, `Cannot read text file '${path}': ${reason}`, { kind: 'user', cause: err });
}
