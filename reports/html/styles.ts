// The report's stylesheet: system fonts only, calm colours, readable tables. No url() anywhere: the page is offline.

import { FONT_STACK } from './chart-specs.ts';

const MONO_STACK = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

export const REPORT_CSS = `
:root {
  --text: #1f2933; --muted: #5f6b7a; --line: #dde1e6; --panel: #ffffff; --page: #f4f6f8;
  --valid: #1f7a4d; --valid-bg: #e5f4ec; --invalid: #b42318; --invalid-bg: #fdeceb;
  --unknown: #9a6700; --unknown-bg: #fff4d6; --accent: #2f5d8a;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--text); font: 14px/1.5 ${FONT_STACK}; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 22px; margin: 0 0 6px; font-weight: 650; word-break: break-word; }
h2 { font-size: 17px; margin: 0 0 12px; font-weight: 650; }
h3 { font-size: 15px; margin: 18px 0 8px; font-weight: 600; }
a { color: var(--accent); }
code, pre, .mono { font-family: ${MONO_STACK}; font-size: 12.5px; }
pre { background: #f7f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow: auto; max-height: 360px; margin: 6px 0; white-space: pre-wrap; word-break: break-word; }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; margin: 18px 0; }
.note { color: var(--muted); font-size: 13px; margin: 6px 0 10px; }
.run-header { display: flex; gap: 22px; align-items: flex-start; background: var(--panel); border: 1px solid var(--line); border-left-width: 8px; border-radius: 10px; padding: 18px 22px; }
.run-header.valid { border-left-color: var(--valid); }
.run-header.invalid { border-left-color: var(--invalid); }
.run-header.unknown { border-left-color: var(--unknown); }
.run-identity { flex: 1; min-width: 0; }
.verdict { display: inline-block; border-radius: 999px; padding: 2px 10px; font-weight: 650; font-size: 12.5px; letter-spacing: 0.02em; white-space: nowrap; }
.verdict.valid { color: var(--valid); background: var(--valid-bg); }
.verdict.invalid { color: var(--invalid); background: var(--invalid-bg); }
.verdict.unknown { color: var(--unknown); background: var(--unknown-bg); }
.verdict.big { font-size: 20px; padding: 8px 18px; margin-top: 2px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 6px 22px; margin: 10px 0 0; }
.facts div { min-width: 0; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts.spec { border-top: 1px dashed var(--line); padding-top: 8px; }
.facts.spec dt { font-family: ${MONO_STACK}; font-size: 11.5px; }
.facts dd { margin: 0; font-weight: 550; overflow-wrap: anywhere; }
nav.toc { margin: 14px 2px 0; font-size: 13px; color: var(--muted); }
nav.toc a { margin-right: 14px; text-decoration: none; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; background: #fafbfc; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.ops { font-size: 12.5px; margin: 6px 0 4px; }
table.ops td { padding: 3px 8px; }
table.ops tr.partner td { color: var(--muted); }
table.ops td.value { max-width: 420px; overflow-wrap: anywhere; }
.type-ok { color: #2f5d8a; } .type-fail { color: var(--invalid); } .type-info { color: #b5540b; } .type-invoke { color: var(--muted); }
.chips { display: flex; flex-wrap: wrap; gap: 4px 6px; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 6px; padding: 0 7px; font-size: 12.5px; background: #fafbfc; white-space: nowrap; text-decoration: none; color: var(--text); }
.chip.bad { border-color: #f0b8b3; background: var(--invalid-bg); }
.stats { font-size: 12.5px; color: var(--muted); }
.stats b { color: var(--text); font-weight: 550; }
.chart { width: 100%; min-height: 120px; }
details > summary { cursor: pointer; }
details.group { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; background: #fff; }
details.group > summary { padding: 8px 12px; font-weight: 600; background: #fafbfc; border-radius: 8px; }
details.group[open] > summary { border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; }
.anomaly { padding: 12px 14px; border-bottom: 1px solid var(--line); }
.anomaly:last-child { border-bottom: none; }
.anomaly p { margin: 0 0 6px; overflow-wrap: anywhere; }
.tag { display: inline-block; font-size: 11.5px; border-radius: 4px; padding: 0 6px; margin-right: 6px; font-weight: 600; }
.tag.allowed { background: #eef2f6; color: var(--muted); }
.tag.not-allowed { background: var(--invalid-bg); color: var(--invalid); }
.attribution { border-left: 3px solid #c9d3de; padding: 2px 0 2px 10px; margin: 6px 0; }
.attribution .tag, .broker-facts .tag { background: #eef2f6; color: #334; font-weight: 500; }
.attribution .tag.role-crashed-leader, .attribution .tag.role-isolated-leader, .attribution .tag.role-lost-unsynced, .attribution .tag.role-returned { background: var(--invalid-bg); color: var(--invalid); }
.fault-roles { margin: 4px 0; padding-left: 18px; }
table.broker-facts { font-size: 12px; margin: 4px 0; table-layout: fixed; width: 100%; }
table.broker-facts td { padding: 3px 8px; overflow-wrap: anywhere; }
table.broker-facts .t { width: 80px; } table.broker-facts .n { width: 60px; } table.broker-facts .src { width: 190px; }
.reason { border-left: 4px solid var(--invalid); background: var(--invalid-bg); padding: 8px 12px; border-radius: 4px; margin: 8px 0 12px; }
.lanes { display: flex; border: 1px solid var(--line); border-radius: 8px; background: #fff; overflow: hidden; }
.lane-names { flex: none; width: 96px; border-right: 1px solid var(--line); }
.lane-name { padding-left: 12px; font-size: 12px; line-height: 22px; color: var(--muted); white-space: nowrap; }
.lane-scroll { flex: 1; overflow-x: auto; }
.lanes svg { display: block; font-family: ${FONT_STACK}; }
.legend-inline span { margin-right: 14px; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; margin-right: 4px; border: 1px solid rgba(0,0,0,0.25); }
ul.logs { margin: 0; padding-left: 18px; }
.chart.timeline { overflow-x: auto; }
.anomaly:target { outline: 2px solid var(--invalid); outline-offset: -2px; }
details.partition-history { margin: 6px 0; }
details.partition-history > summary { font-size: 13px; color: var(--muted); }
table.broker-facts .isr { width: 110px; }
.cycle svg { display: block; margin: 6px 0; font-family: ${FONT_STACK}; max-width: 100%; height: auto; }
`;
