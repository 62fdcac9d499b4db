/**
 * Formats `x` with `digits` decimals exactly as Python's `format(x, '.Nf')` does: correctly
 * rounded from the binary value, and an exact tie (0.125 → "0.12") rounded to even, where
 * `Number.prototype.toFixed` would round it up.
 */
export function formatFixed(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  const exact = Math.abs(x).toFixed(Math.min(digits + 25, 100));
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  if (!/^50*$/.test(tail)) return rounded;
  // A tie: toFixed rounded the magnitude up; keep it only if that makes the last digit even.
  const kept = exact.slice(0, point + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(kept[kept.length - 1]);
  if (lastDigit % 2 === 0) return `${x < 0 ? '-' : ''}${kept}`;
  return rounded;
}
