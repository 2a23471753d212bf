/** A row of tab links under a page title; each tab is a hash route (`#/<base>/<tab>`). */
import { href } from '../router.js';

/** One tab: the route segment it adds and its label. */
export interface Tab {
  id: string;
  label: string;
}

export function Tabs({ base, tabs, current }: { base: string[]; tabs: readonly Tab[]; current: string }) {
  return (
    <nav className="tabs">
      {tabs.map((t) => (
        <a key={t.id} href={href(...base, t.id)} className={t.id === current ? 'active' : undefined} aria-current={t.id === current ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
