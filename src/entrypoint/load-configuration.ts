/** Loads a process's configuration: `<conf dir>/config.yaml`, then `-D key=value` overrides. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Configuration } from '../common/config/configuration.js';

/** The package's own `conf/` directory. */
export const DEFAULT_CONF_DIR = fileURLToPath(new URL('../../conf/', import.meta.url));

/** Reads and validates the configuration; throws INVALID_CONFIG naming the key. */
export function loadConfiguration(confDir: string | undefined, dynamicProperties: readonly string[]): Configuration {
  const dir = confDir ?? process.env.SLUICE_CONF_DIR ?? DEFAULT_CONF_DIR;
  const config = Configuration.fromYamlFile(join(dir, 'config.yaml')).merge(Configuration.fromDynamicProperties(dynamicProperties));
  config.validate();
  return config;
}
