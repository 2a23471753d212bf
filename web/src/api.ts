/**
 * The Web UI's only way to the cluster: Sluice's REST API (unversioned paths, as Flink's Web UI
 * calls them). Errors carry the server's own message (`{"errors": [...]}`) for the page to show.
 */
import type { ErrorResponseBody } from '../../src/rest/api-types.js';

/** A failed request, with what the server said. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The URL of an API path relative to the page's location (the UI may sit behind a path prefix). */
export function apiUrl(path: string): string {
  return path.replace(/^\//, '');
}

/** The error of a failed answer: the server's `errors`, or the status line when it sent none. */
export function failure(method: string, path: string, status: number, body: string): ApiError {
  let message = `${method} ${path} failed with ${status}`;
  try {
    const errors = (JSON.parse(body) as Partial<ErrorResponseBody>).errors;
    if (errors?.length) message = errors.join('\n');
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(status, message);
}

/** Sends a request; resolves with the successful answer and its body text. */
async function send(method: string, path: string, body?: BodyInit | object): Promise<{ res: Response; text: string }> {
  const isJson = body !== undefined && !(body instanceof FormData) && typeof body === 'object' && !(body instanceof Blob);
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      headers: isJson ? { 'content-type': 'application/json' } : undefined,
      body: isJson ? JSON.stringify(body) : (body as BodyInit | undefined),
    });
  } catch (err) {
    throw new ApiError(0, `The JobManager cannot be reached: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw failure(method, path, res.status, text);
  return { res, text };
}

/** Sends a request and parses its JSON answer. */
export async function request<T>(method: string, path: string, body?: BodyInit | object): Promise<T> {
  const { text } = await send(method, path, body);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GET a JSON answer. */
export const getJson = <T>(path: string): Promise<T> => request<T>('GET', path);

/** GET a text answer (a log file) with its headers. */
export async function getText(path: string): Promise<{ text: string; headers: Headers }> {
  const { res, text } = await send('GET', path);
  return { text, headers: res.headers };
}
