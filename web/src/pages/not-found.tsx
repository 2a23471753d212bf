/** Any route the dashboard does not know. */
import { href } from '../router.js';

export function NotFoundPage({ route }: { route: string[] }) {
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is no page at <code>#/{route.join('/')}</code>. <a href={href('overview')}>Back to the overview</a>.</p>
    </section>
  );
}
