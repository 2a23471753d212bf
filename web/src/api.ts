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

/** Sends a request relative to the page's location (the UI may sit behind a path prefix). */
export async function request<T>(method: string, path: string, body?: BodyInit | object): Promise<T> {
  const isJson = body !== undefined && !(body instanceof FormData) && typeof body === 'object' && !(body instanceof Blob);
  let res: Response;
  try {
    res = await fetch(path.replace(/^\//, ''), {
      method,
      headers: isJson ? { 'content-type': 'application/json' } : undefined,
      body: isJson ? JSON.stringify(body) : (body as BodyInit | undefined),
    });
  } catch (err) {
    throw new ApiError(0, `The JobManager cannot be reached: ${(err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = `${method} ${path} failed with ${res.status}`;
    try {
      const errors = (JSON.parse(text) as Partial<ErrorResponseBody>).errors;
      if (errors?.length) message = errors.join('\n');
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, message);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GET a JSON answer. */
export const getJson = <T>(path: string): Promise<T> => request<T>('GET', path);
