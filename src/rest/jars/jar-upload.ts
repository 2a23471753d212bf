/**
 * `POST /jars/upload`: streams the multipart file field `jarfile` into the jar store, bounded by
 * `web.upload.max-size`, and never holds the whole file in memory.
 */
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { ErrorCode, SluiceError, errorMessage } from '../../common/errors.js';
import type { JarStore, StoredJar } from './jar-store.js';
import { encodeStoredName } from './stored-name.js';

/** Flink's multipart field name for the uploaded jar. */
export const JAR_FIELD = 'jarfile';

const EXTENSIONS = ['.jar', '.zip', '.js', '.mjs'];
/** Stored as `<uuid>_<encoded name>` (37 more bytes), which must stay within the usual 255-byte limit. */
const MAX_STORED_NAME_BYTES = 218;

/** Why `name` cannot be the name of an uploaded package, or undefined if it can. */
export function packageNameProblem(name: string): string | undefined {
  if (name === '') return 'The uploaded file has no name.';
  if (/[/\\]/.test(name)) return `Invalid file name '${name}': it must not contain path separators.`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'Invalid file name: it must not contain control characters.';
  if (encodeStoredName(name).length > MAX_STORED_NAME_BYTES) {
    return `Invalid file name: it is longer than ${MAX_STORED_NAME_BYTES} bytes as stored (letters, digits, '.', '-' and '_' take one byte, other characters 3 bytes per byte of their UTF-8).`;
  }
  if (!EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
    return `Only job packages are allowed (.jar, .zip, .js or .mjs); got '${name}'.`;
  }
  return undefined;
}

/**
 * Reads the multipart request and stores its `jarfile`. Other fields are read and ignored; a
 * second file is an error (Flink: "Exactly 1 file must be sent"), and the first is not kept.
 */
export async function receiveUpload(req: FastifyRequest, store: JarStore, maxSize: number): Promise<StoredJar> {
  if (!req.isMultipart()) throw badRequest(`Send the job package as multipart/form-data in the file field '${JAR_FIELD}'.`);
  let stored: StoredJar | undefined;
  let files = 0;
  const ignored: string[] = [];
  const parts = req.parts();
  for (;;) {
    let next: IteratorResult<Multipart>;
    try {
      next = await parts.next();
    } catch (err) {
      throw malformedForm(err);
    }
    if (next.done) break;
    const part = next.value;
    if (part.type === 'file') files += 1;
    if (part.type === 'file' && part.fieldname === JAR_FIELD && stored === undefined && files === 1) {
      stored = await storeFile(part, store, maxSize);
      continue;
    }
    ignored.push(`'${part.fieldname}'`);
    if (part.type === 'file') await drain(part.file);
  }
  if (files > 1) {
    if (stored) await store.delete(stored.id);
    throw badRequest(`Exactly 1 file must be sent in the field '${JAR_FIELD}', received ${files}.`);
  }
  if (!stored) {
    const received = ignored.length > 0 ? ` (received: ${ignored.join(', ')})` : '';
    throw badRequest(`Missing the job package: send it as a file in the multipart field '${JAR_FIELD}'${received}.`);
  }
  return stored;
}

async function storeFile(part: MultipartFile, store: JarStore, maxSize: number): Promise<StoredJar> {
  // busboy reports an empty `filename=""` as no file name at all.
  const name = part.filename ?? '';
  const problem = packageNameProblem(name);
  if (problem) {
    await drain(part.file);
    throw badRequest(problem);
  }
  const staged = store.stage(name);
  // An error of the request's stream (a cut or malformed body) is the client's; one of the file, ours.
  let requestError: unknown;
  part.file.once('error', (err) => (requestError = err));
  // Past the limit busboy stops writing but ends the stream only where the part ends, after
  // reading the rest of the upload: fail at once instead (the error handler closes the connection).
  // The limit may have been passed already, by data that came with the part's headers.
  const tooLarge = (): void => void part.file.destroy(
    SluiceError.user(ErrorCode.PAYLOAD_TOO_LARGE, `The uploaded file '${name}' is larger than web.upload.max-size (${maxSize} bytes).`));
  if (part.file.truncated) tooLarge();
  else part.file.once('limit', tooLarge);
  try {
    const out = createWriteStream(staged.path, { flags: 'wx' });
    await pipeline(part.file, out).catch((err: unknown) => {
      throw requestError === undefined ? err : malformedForm(requestError);
    });
    if (out.bytesWritten === 0) throw badRequest(`The uploaded file '${name}' is empty.`);
  } catch (err) {
    await staged.discard();
    throw err;
  }
  return staged.commit();
}

/** Reads a part to its end: the multipart parser only moves on once a file part is consumed. */
async function drain(stream: Readable): Promise<void> {
  await finished(stream.resume());
}

function badRequest(message: string): SluiceError {
  return SluiceError.user(ErrorCode.BAD_REQUEST, message);
}

/** A multipart body the parser rejects (no boundary, cut short, bad part headers). */
function malformedForm(err: unknown): SluiceError {
  if (err instanceof SluiceError) return err;
  return badRequest(`Malformed multipart/form-data request: ${errorMessage(err)}`);
}
