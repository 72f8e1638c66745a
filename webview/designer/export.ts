/**
 * The drawn graph as a picture file: SVG with the theme's colours written in (the page's CSS variables mean
 * nothing outside VS Code), or PNG drawn from that SVG at twice the size. Colours go in as SVG presentation
 * attributes, never style attributes, so the webview's CSP (no inline styles) holds.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
const PAINT = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'font-weight', 'visibility'] as const;

export function svgFile(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    for (const p of PAINT) {
      const v = style.getPropertyValue(p);
      if (v) to[i].setAttribute(p, v);
    }
    for (const a of ['tabindex', 'role', 'class', 'style', 'data-node', 'data-layer']) to[i].removeAttribute(a);
  });
  clone.setAttribute('xmlns', SVG_NS);
  const back = document.createElementNS(SVG_NS, 'rect');
  const [x, y, w, h] = (svg.getAttribute('viewBox') ?? '0 0 0 0').split(' ');
  for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: background() })) back.setAttribute(k, v);
  clone.insertBefore(back, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The panel's background colour (the webview's body is transparent over VS Code's side bar). */
function background(): string {
  const root = getComputedStyle(document.documentElement);
  const candidates = [getComputedStyle(document.body).backgroundColor, root.backgroundColor, root.getPropertyValue('--vscode-sideBar-background'), root.getPropertyValue('--vscode-editor-background')];
  return candidates.map((c) => c.trim()).find((c) => c && c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c)) ?? '#ffffff';
}

/** The SVG drawn on a canvas at `scale` times its size, as base64 PNG. */
export async function pngBase64(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  const bytes = new TextEncoder().encode(svgText);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return canvas.toDataURL('image/png').split(',')[1];
}
