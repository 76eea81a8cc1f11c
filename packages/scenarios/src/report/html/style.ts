/** The page's whole style sheet, inline: the report fetches nothing. */
export const STYLE = `
:root{--fg:#1d1d1f;--muted:#6b6b6b;--line:#ddd;--zoom:1}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:#f6f6f4}
header{padding:16px 24px;background:#fff;border-bottom:1px solid var(--line)}
header h1{margin:0 0 4px;font-size:20px}
nav{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:6px 24px}
nav a{margin-right:14px;color:#1f5fa8;text-decoration:none}
main{padding:8px 24px 48px;max-width:1400px}
section.part{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:16px 0}
h2{font-size:16px;margin:0 0 10px}
.muted{color:var(--muted)}
.none{color:var(--muted);font-style:italic}
.facts{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:13px}
.facts code{font-size:12px}
.ok{color:#1b7a1b;font-weight:600}.bad{color:#b71c1c;font-weight:600}
figure.chart{margin:8px 0;display:inline-block;vertical-align:top;max-width:100%;overflow-x:auto}
figure.chart svg{display:block;max-width:100%;height:auto}
details.owned{margin:0 0 12px 16px}
details.owned summary{cursor:pointer;color:#444}
ol.moments{columns:2;font-size:13px;margin:6px 0;padding-left:4px;list-style:none}
ol.moments li{break-inside:avoid}
ol.moments li.fault code{color:#c62828}
table{border-collapse:collapse;font-size:12.5px}
th,td{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#fafafa;position:sticky;top:34px}
td.num{text-align:right;white-space:nowrap}
table.events{width:100%}
table.events td:nth-child(3),table.events td:nth-child(4){white-space:nowrap}
td.warn{color:#b71c1c;font-weight:600}
tr.hl td{background:#fff3c4}
.filters{margin:4px 0 8px;display:flex;gap:12px;flex-wrap:wrap;align-items:center}
pre.session{background:#fbfbfb;border:1px solid #eee;padding:10px;max-height:640px;overflow:auto;font-size:12px;line-height:1.35}
.invariant{padding:6px 0;border-bottom:1px solid #eee}
.invariant ul{margin:4px 0;padding-left:20px}
.objs{font-size:12px}
.objs a{margin-right:8px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:4px 0}
.legend .key i{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:-1px;border-radius:2px}
.zoom{font-size:12px;margin:4px 0}
.zoom button{min-width:28px;margin-right:2px}
.pt{max-height:720px;overflow:auto;border:1px solid #eee;position:relative}
.pt-inner{width:calc(240px + (100% - 240px) * var(--zoom));min-width:100%}
.pt-row,.pt-axis{display:flex;align-items:center;height:14px}
.pt-axis{height:40px;position:sticky;top:0;background:#fff;z-index:2;border-bottom:1px solid #eee}
.pt-name{flex:0 0 240px;width:240px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font:11px/14px ui-monospace,Menlo,monospace;padding-right:6px;position:sticky;left:0;background:#fff;z-index:1}
.pt-bar{flex:1 1 auto;height:10px;min-width:0;background:#fafafa}
.pt-scale{flex:1 1 auto;position:relative;height:40px}
.pt-tick{position:absolute;top:3px;font-size:10px;color:#666;transform:translateX(-50%);white-space:nowrap}
.pt-tick:first-child{transform:none}
.pt-tick.last{transform:translateX(-100%)}
.pt-mark{position:absolute;top:15px;height:25px;border-left:1px dotted #777;font-size:9px;color:#555;padding-left:1px}
.pt-mark.low{top:26px;height:14px}
.pt-mark.fault{border-color:#c62828;color:#c62828}
.pt-gname{font-size:12px;font-weight:600;padding:6px 0 2px;position:sticky;left:0}
.c-pending{fill:#f2c14e;background:#f2c14e}
.c-creating{fill:#8fb8de;background:#8fb8de}
.c-running{fill:#5fa8a0;background:#5fa8a0}
.c-ready{fill:#2e7d32;background:#2e7d32}
.c-terminating{fill:#9e9e9e;background:#9e9e9e}
.c-completed{fill:#6a5acd;background:#6a5acd}
.c-failed{fill:#d32f2f;background:#d32f2f}
.note{font-size:12px;color:#8a5a00}
@media print{nav{display:none}.pt,pre.session{max-height:none;overflow:visible}}
`;
