// Renders the extension's 128×128 PNG icon (media/icon.png) from media/model-lens.svg in headless Chromium:
// the activity-bar glyph, white on a rounded blue tile, as marketplace icons are drawn.
//   node scripts/make-icon.mjs        (needs Debian's chromium and the playwright-core devDependency)
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const glyph = readFileSync(new URL('../media/model-lens.svg', import.meta.url), 'utf8').replace(/<!--.*?-->/gs, '');
const page = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(160deg,#2f80ed,#1b4f9c);display:grid;place-items:center;color:#fff">
  <div style="width:96px;height:96px">${glyph.replace('width="24" height="24"', 'width="96" height="96"')}</div>
</div></body></html>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const tab = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await tab.setContent(page);
  await tab.screenshot({ path: new URL('../media/icon.png', import.meta.url).pathname, omitBackground: true });
} finally {
  await browser.close();
}
