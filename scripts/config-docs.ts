// Writes docs/configuration.md from the option declarations (`npm run docs:config`).
import { writeFileSync } from 'node:fs';
import { renderConfigurationDocs } from '../src/common/config/config-docs.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigurationDocs());
