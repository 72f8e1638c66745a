/** Numbers and sizes as Keras prints them. */

/** `203530` → `203,530`; exact for any size. */
export function formatCount(n: bigint | number | null): string {
  if (n === null) return '?';
  const s = BigInt(n).toString();
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Keras's `readable_memory_size`: bytes in B, KB, MB, ... with two decimals, 1024 to the step. Exact, with
 * Python's rounding of `"{:.2f}"` (a tie like 1.125 KB rounds to even: 1.12 KB).
 */
export function formatBytes(bytes: bigint | null): string {
  if (bytes === null) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let divisor = 1n;
  let unit = 0;
  while (unit < units.length - 1 && bytes / divisor >= 1024n) {
    divisor *= 1024n;
    unit++;
  }
  const scaled = bytes * 100n;
  let hundredths = scaled / divisor;
  const rest = (scaled % divisor) * 2n;
  if (rest > divisor || (rest === divisor && hundredths % 2n === 1n)) hundredths += 1n;
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0');
  return `${whole}.${frac} ${units[unit]}`;
}

/** Parameters at float32, as Keras sizes them in its summary. */
export function paramBytes(params: bigint | null): bigint | null {
  return params === null ? null : params * 4n;
}
