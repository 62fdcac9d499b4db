import { ERROR_CODES } from './error-codes.js';
import { InvalidArgumentError } from './msr-error.js';

/** Bounds for {@link assertNumberOption}; `exclusive` makes both bounds strict. */
interface NumberBounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** Checks that an option is a finite number within bounds and returns it. */
export function assertNumberOption(value: unknown, argument: string, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(argument, `must be a finite number, got ${String(value)}`, ERROR_CODES.invalidArgument);
  }
  const { min, max, minExclusive = false, maxExclusive = false } = bounds;
  const belowMin = min !== undefined && (minExclusive ? value <= min : value < min);
  const aboveMax = max !== undefined && (maxExclusive ? value >= max : value > max);
  if (belowMin || aboveMax) {
    const low = min === undefined ? '' : `${minExclusive ? '>' : '≥'} ${min}`;
    const high = max === undefined ? '' : `${maxExclusive ? '<' : '≤'} ${max}`;
    throw new InvalidArgumentError(argument, `must be ${[low, high].filter(Boolean).join(' and ')}, got ${value}`, ERROR_CODES.outOfRange);
  }
  return value;
}

/** Checks that an option is an integer within `[min, max]` and returns it. */
export function assertIntegerOption(value: unknown, argument: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidArgumentError(argument, `must be an integer, got ${String(value)}`, ERROR_CODES.invalidArgument);
  }
  return assertNumberOption(value, argument, { min, max });
}

/** Checks that an option is one of `choices` and returns it. */
export function assertChoiceOption<T extends string>(value: unknown, argument: string, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new InvalidArgumentError(argument, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}
