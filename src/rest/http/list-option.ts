/** Splits a comma-separated option value (or a YAML list, which reads as one) into lower-case entries without blanks. */
export function listOption(value: string): string[] {
  return value.split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
}
