/** `#/submit`: upload a job package, then plan, run or delete the uploaded ones (when `web.submit.enable`). */
import { useState } from 'react';
import { useDashboardConfig } from '../../refresh.js';
import { JarList } from './jar-list.js';
import { JarUpload } from './jar-upload.js';

export function SubmitPage() {
  const config = useDashboardConfig();
  // Bumped by an upload, so the list shows the new package at once instead of at the next poll.
  const [uploads, setUploads] = useState(0);
  return (
    <section>
      <h1>Submit New Job</h1>
      {config && !config.features['web-submit'] && (
        <p className="notice" data-testid="submit-disabled">
          Submitting jobs through the Web UI is disabled on this cluster (<code>web.submit.enable: false</code>).
        </p>
      )}
      {config?.features['web-submit'] && (
        <>
          <JarUpload onUploaded={() => setUploads((n) => n + 1)} />
          <JarList reloadKey={uploads} />
        </>
      )}
    </section>
  );
}
