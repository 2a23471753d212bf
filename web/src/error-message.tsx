/** An error of the API shown to the user (never a blank page). */
export function ErrorMessage({ error }: { error: Error }) {
  return <div className="error" role="alert">{error.message}</div>;
}
