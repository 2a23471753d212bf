/**
 * Multipart uploads with progress. fetch() cannot report upload progress, XMLHttpRequest can:
 * `onProgress` gets the share sent (0 to 1) as the browser sends the body.
 */
import { ApiError, apiUrl, failure } from './api.js';

/** POSTs `form` to `path` and resolves with the JSON answer. */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (sent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path));
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as T);
      else reject(failure('POST', path, xhr.status, xhr.responseText));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'The upload failed: the JobManager cannot be reached.')));
    xhr.send(form);
  });
}
