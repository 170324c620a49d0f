/**
 * The one style sheet of every page, inlined (no extra request on a phone) and allowed by its
 * hash in the Content-Security-Policy. Colours are variables so a dark scheme is a few lines.
 */
export const PAGE_STYLE = `
:root{--bg:#f7f8fa;--card:#fff;--text:#1c2330;--muted:#5d6878;--line:#e2e6ec;--accent:#2456c9;--accent-soft:#e7eefc;--good:#1f7a4d;--good-soft:#e3f4ea;--warn:#9a5b00;--warn-soft:#fdf1dc;--bad:#b3261e;--bar:#4a78d6;--bar-soft:#c9d7f3}
@media (prefers-color-scheme:dark){:root{--bg:#11151c;--card:#181e27;--text:#e6e9ef;--muted:#9aa5b5;--line:#2a3340;--accent:#8fb0ff;--accent-soft:#1f2a40;--good:#6fd09b;--good-soft:#16301f;--warn:#f0b45a;--warn-soft:#33270f;--bad:#ff8a80;--bar:#7d9ff0;--bar-soft:#2b3a5c}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:.5rem;background:var(--card);padding:.5rem;z-index:2}
header.site{background:var(--card);border-bottom:1px solid var(--line)}
header.site .bar{max-width:1100px;margin:0 auto;padding:.6rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1.25rem}
.brand{font-weight:700;font-size:1.15rem;color:var(--text);text-decoration:none;letter-spacing:.01em}
.brand span{color:var(--muted);font-weight:400;font-size:.95rem;margin-left:.4rem}
nav.main{display:flex;gap:.25rem;flex-wrap:wrap}
nav.main a{padding:.35rem .7rem;border-radius:.5rem;text-decoration:none;color:var(--muted)}
nav.main a[aria-current=page]{background:var(--accent-soft);color:var(--accent);font-weight:600}
.notice{background:var(--warn-soft);color:var(--warn);border-bottom:1px solid var(--line)}
.notice p{max-width:1100px;margin:0 auto;padding:.45rem 1rem;font-size:.9rem}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.4rem 0 .2rem;line-height:1.25;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
.lead{color:var(--muted);margin:0 0 1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
.card>:first-child{margin-top:0}
.controls{display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;align-items:center;margin:0 0 1rem}
.tabs{display:flex;flex-wrap:wrap;gap:.25rem;margin:0;padding:0;list-style:none}
.tabs a{display:inline-block;padding:.4rem .75rem;border:1px solid var(--line);border-radius:999px;text-decoration:none;color:var(--text);background:var(--card);font-size:.92rem}
.tabs a[aria-current=page],.tabs a[aria-current=true]{background:var(--accent);border-color:var(--accent);color:#fff}
form.search{display:flex;gap:.4rem;flex:1 1 16rem;max-width:26rem}
form.search input{flex:1;min-width:0;padding:.45rem .6rem;border:1px solid var(--line);border-radius:.5rem;font:inherit;background:var(--card);color:var(--text)}
button{padding:.45rem .9rem;border:1px solid var(--accent);border-radius:.5rem;background:var(--accent);color:#fff;font:inherit;cursor:pointer}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:.75rem}
table{border-collapse:collapse;width:100%}
th,td{padding:.55rem .7rem;text-align:left;border-bottom:1px solid var(--line);vertical-align:middle}
tbody tr:last-child td{border-bottom:0}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.rank{color:var(--muted);width:3.5rem}
.who a{font-weight:600;text-decoration:none;overflow-wrap:anywhere}
.who small{display:block;color:var(--muted);font-size:.85rem;overflow-wrap:anywhere}
/* As specific as .who small, which would show it everywhere: the narrow copy of a cell shows only on phones. */
.narrow,.who small.narrow{display:none}
.charts .card{margin:0}
.muted{color:var(--muted)}
.unlinked{color:var(--muted);font-style:italic}
.spark{display:block}
.level{display:inline-block;padding:.1rem .5rem;border-radius:999px;background:var(--accent-soft);color:var(--accent);font-size:.82rem;font-weight:600;white-space:nowrap}
.pager{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin:.8rem 0;flex-wrap:wrap}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.75rem;margin:0 0 1rem}
.stat{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:.75rem 1rem}
.stat b{display:block;font-size:1.45rem;font-variant-numeric:tabular-nums}
.stat span{color:var(--muted);font-size:.88rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem}
figure{margin:0}
figcaption{font-weight:600;margin:0 0 .4rem}
.chart-box{display:flex;gap:.4rem;align-items:stretch}
.chart-scale{display:flex;flex-direction:column;justify-content:space-between;min-width:2.4rem;text-align:right;font-size:.75rem;color:var(--muted);line-height:1}
svg.chart{flex:1;min-width:0;width:100%;height:10rem;display:block}
.chart .bar{fill:var(--bar)}
.chart .axis{stroke:var(--line)}
.chart-x{display:flex;justify-content:space-between;margin:.3rem 0 0 2.8rem;font-size:.75rem;color:var(--muted);white-space:nowrap;gap:.5rem}
.spark{color:var(--bar)}
h3{font-size:1.02rem;margin:1.1rem 0 .4rem}
ul.requirements{list-style:none;margin:0;padding:0}
ul.requirements ul.requirements{padding-left:1.1rem;border-left:2px solid var(--line);margin-top:.4rem}
li.requirement{margin:0 0 .8rem}
.requirement-head{overflow-wrap:anywhere}
.requirement-head [role=img]{display:inline-block;width:1.2rem;font-weight:700}
p.left{margin:.15rem 0;font-size:.92rem}
progress{display:block;width:100%;max-width:28rem;height:.7rem;margin:.3rem 0;accent-color:var(--accent)}
.levels{margin-top:1rem;display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,28rem),1fr));gap:0 1rem;align-items:start}
td time{white-space:nowrap}
.notice-box{background:var(--warn-soft);color:var(--text);border:1px solid var(--line);border-radius:.75rem;padding:.75rem 1rem}
.met{color:var(--good)}.unmet{color:var(--bad)}.pending{color:var(--warn)}
ul.evidence{margin:.3rem 0 0;padding-left:1.1rem;font-size:.9rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
pre{background:var(--bg);border:1px solid var(--line);border-radius:.5rem;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
footer.site{max-width:1100px;margin:1rem auto 2rem;padding:0 1rem;color:var(--muted);font-size:.85rem}
@media (max-width:640px){
  body{font-size:15px}
  main{padding:.75rem}
  th,td{padding:.5rem .45rem}
  .wide{display:none}
  .who small.narrow{display:block;margin-top:.15rem}
  h1{font-size:1.35rem}
  form.search{max-width:none}
}
`;
