import type { ColumnType, FEATURE_RULES, FeatureName } from '@msr/core';

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A problem with one cell: its code (`missing_value`, `wrong_type`, `out_of_range`) and why. */
export interface CellProblem {
  code: 'missing_value' | 'wrong_type' | 'out_of_range';
  message: string;
}

/**
 * Checks one CSV cell against its `schema.yaml` type and, for a feature, its range — the one
 * rule both the ingestion (which sets invalid rows aside) and the validation stage apply.
 */
export function checkCell(cell: string, type: ColumnType, rule?: (typeof FEATURE_RULES)[FeatureName]): CellProblem | undefined {
  if (cell.trim() === '') return { code: 'missing_value', message: 'is empty' };
  switch (type) {
    case 'str':
    case 'object':
      return undefined;
    case 'bool':
      return /^(true|false|True|False|TRUE|FALSE|0|1)$/.test(cell) ? undefined : { code: 'wrong_type', message: `${JSON.stringify(cell)} is not a boolean` };
    default: {
      if (!NUMBER.test(cell)) return { code: 'wrong_type', message: `${JSON.stringify(cell)} is not a finite number (${type})` };
      const value = Number(cell);
      // `1e999` has a number's form but no finite value: zod would only say "received Infinity".
      if (!Number.isFinite(value)) return { code: 'out_of_range', message: `${cell.trim()} is too large for a number (it overflows to ${value > 0 ? '' : '-'}Infinity)` };
      if ((type === 'int64' || type === 'int32') && !Number.isInteger(value)) return { code: 'wrong_type', message: `${cell} is not an integer (${type})` };
      if (rule) {
        const parsed = rule.safeParse(value);
        if (!parsed.success) return { code: 'out_of_range', message: `${cell} is out of range (${parsed.error.issues[0]!.message})` };
      }
      return undefined;
    }
  }
}
