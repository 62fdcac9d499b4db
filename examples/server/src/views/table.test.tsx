/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { describe, expect, it } from 'vitest';
import { Table } from './table.js';

const rows = [
  { key: 'lr', value: '0.1' },
  { key: 'depth', value: '<5>' },
];

describe('Table', () => {
  it('draws a header row and a row per item, text escaped, no labels on the cells of a plain table', async () => {
    const html = (
      await (
        <Table
          class="quarantine"
          rows={rows}
          columns={[
            { label: 'Key', cell: (r) => r.key },
            { label: 'Value', cell: (r) => r.value },
          ]}
        />
      ).toString()
    ).replace(/\n/g, '');
    expect(html).toBe(
      '<table class="quarantine"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody><tr><td>lr</td><td>0.1</td></tr><tr><td>depth</td><td>&lt;5&gt;</td></tr></tbody></table>',
    );
  });

  it('a stacked table labels every cell and adds the stack class; a row header and no head row on request', async () => {
    const html = (
      await (
        <Table
          id="t"
          class="params-table"
          stack
          head={false}
          rows={rows}
          columns={[
            { label: 'Key', rowHeader: true, cell: (r) => <code>{r.key}</code> },
            { label: 'Value', cell: (r) => r.value, class: 'reason' },
          ]}
        />
      ).toString()
    ).replace(/\n/g, '');
    expect(html).toBe(
      '<table id="t" class="params-table stack"><tbody><tr><th scope="row"><code>lr</code></th><td data-label="Value" class="reason">0.1</td></tr><tr><th scope="row"><code>depth</code></th><td data-label="Value" class="reason">&lt;5&gt;</td></tr></tbody></table>',
    );
  });
});
