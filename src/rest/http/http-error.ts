/**
 * An error that names its HTTP status itself. Used for outcomes that exist only at the REST
 * boundary and have no SluiceError code (for example 409 when cancelling a job that has ended).
 */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}
