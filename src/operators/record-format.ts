/**
 * How records print (`print()`), following Flink's toString conventions: arrays are tuples
 * `(hello,1)`, strings print bare, plain objects print as JSON.
 */
export function formatRecord(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    let s = '(';
    for (let i = 0; i < value.length; i++) s += (i === 0 ? '' : ',') + formatRecord(value[i]);
    return s + ')';
  }
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Map) return formatRecord(Object.fromEntries(value));
    if (Object.getPrototypeOf(value) === Object.prototype) return JSON.stringify(value);
    return String(value);
  }
  return String(value);
}
