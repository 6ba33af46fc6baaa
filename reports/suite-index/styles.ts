// The suite index's own styles on top of the report stylesheet: the coloured matrix and status chips.
import { STATUS_CSS } from './status.ts';

export const SUITE_INDEX_CSS = `
${STATUS_CSS}
.banner { border-radius: 10px; padding: 14px 20px; margin: 12px 0 6px; font-size: 18px; font-weight: 650; }
table.matrix td.cell { padding: 0; min-width: 150px; }
table.matrix td.cell a, table.matrix td.cell span.box { display: block; padding: 6px 10px; text-decoration: none; color: inherit; min-height: 46px; }
table.matrix td.cell small { display: block; font-weight: 400; opacity: 0.92; }
table.matrix td.empty { background: #f4f6f8; }
.status { display: inline-block; border-radius: 6px; padding: 0 8px; font-weight: 600; font-size: 12.5px; white-space: nowrap; }
.accepted { color: #1f7a4d; }
.open { color: #b42318; font-weight: 600; }
.expired { color: #9a6700; font-weight: 600; }
ul.plain { margin: 4px 0; padding-left: 18px; }
`;
