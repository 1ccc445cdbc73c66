/** The shell shared by the self-contained HTML reports (evaluation, stress, validity): one look, one place. */
import { escapeHtml } from "./escape-html";

const BASE_CSS = `body{font:14px system-ui,sans-serif;margin:1.5rem auto;max-width:1100px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left}
.ci{color:#666;font-size:12px}`;

/** A complete page: `title` is text (escaped), `css` adds to or overrides the base rules, `body` is HTML. */
export function htmlPage(title: string, css: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${BASE_CSS}
${css}
</style></head><body>
${body}
</body></html>
`;
}
