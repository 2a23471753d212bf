/**
 * Masks configuration values that look like credentials before the REST API shows them, as
 * Flink does (GlobalConfiguration.isSensitive: the key contains one of these words).
 */

const SENSITIVE_KEY_PARTS = [
  'password', 'secret', 'fs.azure.account.key', 'apikey', 'api-key', 'auth-params', 'service-key',
  'token', 'basic-auth', 'jaas.config', 'http-headers',
];

/** What a masked value is replaced with (Flink's HIDDEN_CONTENT). */
export const HIDDEN_CONTENT = '******';

/** The value to show for `key`. */
export function displayValue(key: string, value: string): string {
  const k = key.toLowerCase();
  return SENSITIVE_KEY_PARTS.some((part) => k.includes(part)) ? HIDDEN_CONTENT : value;
}

/** A copy of `config` with sensitive values masked. */
export function hideSensitiveValues(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, displayValue(k, v)]));
}
