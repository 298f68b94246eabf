/**
 * The SVG sanitizer: a generated corpus of hostile SVGs (every vector in every place it can stand), each
 * sanitized, saved as the extension saves it, and the saved text parsed again as a browser reads a `.svg`
 * file: nothing in it can run or load anything, the harmless picture around the vector survives, and what
 * was removed is listed.
 */
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { MAX_SVG_CHARS, MAX_SVG_ELEMENTS, SvgRejectedError } from '../../../src/svg/rejection';
import { extractSvg } from '../../../src/svg/extract';
import { cssIsSafe } from '../../../src/svg/css';
import { sanitizeSvg, SVG_NS, svgForSaving, type SvgWindow } from '../../../src/svg/sanitize';
import { MAX_SVG_DEPTH, nestingDepth, renderedNodes } from '../../../src/svg/treeSize';
import { SvgSanitizer } from '../../../src/svg/sanitizeInWorker';
import { provenanceFromXmp, xmpPacket } from '../../../src/images/xmp';
import { assertInert } from '../../support/svgChecks';

const window = new JSDOM('').window as unknown as SvgWindow;
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';
const svg = (inner: string, rootAttrs = ''): string => `<svg xmlns="${SVG_NS}" ${XLINK} viewBox="0 0 10 10"${rootAttrs}>${inner}<circle id="keep" cx="5" cy="5" r="4" fill="teal"/></svg>`;

/** One way to run script or load something; `evil.example` and `alert` mark what must not survive. */
const VECTORS: Record<string, string> = {
  script: '<script>alert(1)</script>',
  'script with href': '<script href="https://evil.example/x.js"/>',
  'prefixed script': '<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>',
  'script in CDATA': '<script><![CDATA[alert(1)]]></script>',
  foreignObject: '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="https://evil.example/p.png" onerror="alert(1)"/></div></foreignObject>',
  'HTML element': '<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.example/"/>',
  'event handler': '<rect width="1" height="1" onclick="alert(1)"/>',
  'event handler on a nested svg': '<svg onload="alert(1)"><rect width="1" height="1"/></svg>',
  'animate to javascript:': '<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>',
  'set to javascript:': '<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>',
  'link to javascript:': '<a href="javascript:alert(1)"><rect width="1" height="1"/></a>',
  'xlink link to a remote page': '<a xlink:href="https://evil.example/"><rect width="1" height="1"/></a>',
  'use of a remote file': '<use href="https://evil.example/x.svg#a"/>',
  'use of a data: document': '<use xlink:href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+#a"/>',
  'xlink:href to data: HTML': '<a xlink:href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>',
  'image of a remote file': '<image href="https://evil.example/p.png" width="1" height="1"/>',
  'feImage of a remote file': '<filter id="f"><feImage href="https://evil.example/p.png"/></filter>',
  'gradient template in a remote file': '<linearGradient id="g2" href="https://evil.example/g.svg#g"/>',
  'textPath on a remote path': '<text><textPath href="https://evil.example/p.svg#p">x</textPath></text>',
  'CSS @import': '<style>@import url(https://evil.example/x.css);</style>',
  'CSS @import of a string': '<style>@import "https://evil.example/x.css";</style>',
  'CSS url()': '<style>.k{fill:url(https://evil.example/x.svg#p)}</style>',
  'CSS url() escaped': '<style>.k{background:u\\72l(https://evil.example/x.png)}</style>',
  'CSS url() in a comment-split name': '<style>.k{background:url/**/(https://evil.example/x.png)}</style>',
  'CSS @font-face': '<style>@font-face{font-family:x;src:url(https://evil.example/f.woff)}</style>',
  'CSS image-set()': '<style>.k{background-image:image-set("https://evil.example/x.png" 1x)}</style>',
  'style attribute url()': '<rect width="1" height="1" style="fill:url(\'https://evil.example/x\')"/>',
  'presentation attribute url()': '<rect width="1" height="1" fill="url(https://evil.example/x.svg#p)"/>',
  'filter attribute url() of data:': '<rect width="1" height="1" filter="url(data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)"/>',
  'processing instruction': '<?xml-stylesheet href="https://evil.example/x.css"?>',
  'comment with markup': '<!-- <script>alert(1)</script> -->',
  'mXSS in style': '<style><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="alert(1)"/></style>',
  'metadata from the model': '<metadata><x:xmpmeta xmlns:x="adobe:ns:meta/">openrouter:model="evil.example"</x:xmpmeta></metadata>',
  'handler element': '<handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">alert(1)</handler>',
  'iframe in SVG namespace': '<iframe src="https://evil.example/"/>',
};

/** Where a vector can stand: at the top, inside a group, inside defs, and (for attributes) on the root. */
const PLACES: Array<(v: string) => string> = [(v) => svg(v), (v) => svg(`<g>${v}</g>`), (v) => svg(`<defs>${v}</defs>`), (v) => svg(`<g><g><title>t</title>${v}</g></g>`)];

describe('svg/sanitize', () => {
  it(`a generated corpus: ${Object.keys(VECTORS).length} hostile vectors × ${PLACES.length} places, each saved file parsed again is inert, keeps the picture and lists what went`, () => {
    let n = 0;
    for (const [name, vector] of Object.entries(VECTORS)) {
      for (const [i, place] of PLACES.entries()) {
        const label = `${name} (place ${i})`;
        const { svg: clean, removed } = sanitizeSvg(window, place(vector));
        assert.ok(removed.length > 0, `${label}: nothing listed as removed`);
        const saved = svgForSaving(window, clean, xmpPacket({ Description: 'a fox', Source: 'openai/gpt-5', Software: 'OpenRouter Studio' }));
        assertInert(saved, label);
        n++;
      }
    }
    assert.equal(n, Object.keys(VECTORS).length * PLACES.length);
  });

  it('event handlers on the root and a remote href on every element that takes one go; the list names them', () => {
    const { svg: clean, removed } = sanitizeSvg(window, svg('<use href="https://evil.example/x.svg#a"/>', ' onload="alert(1)" onmouseover="alert(2)"'));
    assertInert(clean, 'root handlers');
    assert.deepEqual(removed.filter((r) => r.kind === 'attribute').map((r) => `${r.name}@${r.on}`).sort(), ['href@use', 'onload@svg', 'onmouseover@svg']);
  });

  it('a harmless icon keeps its gradients, local <use>, CSS animation, title and text', () => {
    const icon = `<svg xmlns="${SVG_NS}" width="64" height="64"><title>Sun</title><desc>A sun</desc><style>@keyframes spin{to{transform:rotate(1turn)}} .r{animation:spin 4s linear infinite;fill:url(#g)}</style><defs><radialGradient id="g"><stop offset="0" stop-color="#fc0"/><stop offset="1" stop-color="#f60"/></radialGradient><path id="ray" d="M32 2v10"/></defs><g class="r"><circle cx="32" cy="32" r="14"/><use href="#ray" stroke="#f60"/></g><text x="2" y="62" font-size="6">sun &amp; sky</text></svg>`;
    const { svg: clean, removed } = sanitizeSvg(window, icon);
    assert.deepEqual(removed, []);
    for (const kept of ['<title>Sun</title>', '<desc>A sun</desc>', '@keyframes spin', 'fill:url(#g)', '<radialGradient id="g">', '<use href="#ray"', 'sun &amp; sky']) assert.ok(clean.includes(kept), `${kept} in ${clean}`);
    // The width and height become a viewBox, so the 16–128 px previews scale the picture.
    assert.match(clean, /viewBox="0 0 64 64"/);
  });

  it('a model that leaves out xmlns (and xmlns:xlink) still gets its SVG read', () => {
    const { svg: clean } = sanitizeSvg(window, '<svg viewBox="0 0 4 4"><defs><path id="p" d="M0 0h4"/></defs><use xlink:href="#p"/></svg>');
    const doc = new window.DOMParser().parseFromString(clean, 'image/svg+xml');
    assert.equal(doc.documentElement.namespaceURI, SVG_NS);
    assert.equal(doc.getElementsByTagNameNS(SVG_NS, 'use')[0].getAttributeNS('http://www.w3.org/1999/xlink', 'href'), '#p');
  });

  it('refuses what is not a usable SVG, naming why: not XML, another root, an entity, too large', () => {
    const code = (text: string): string => {
      try {
        sanitizeSvg(window, text);
        return 'accepted';
      } catch (err) {
        assert.ok(err instanceof SvgRejectedError, String(err));
        return err.code;
      }
    };
    assert.equal(code('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>'), 'not-well-formed');
    assert.equal(code('<svg xmlns="http://www.w3.org/2000/svg"><text>a &nbsp; b</text></svg>'), 'not-well-formed');
    assert.equal(code('<svg xmlns="http://www.w3.org/1999/xhtml"><rect/></svg>'), 'not-svg');
    assert.equal(code('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'), 'not-svg');
    assert.equal(code(svg(`<text>${'x'.repeat(MAX_SVG_CHARS)}</text>`)), 'too-large');
    // Nesting past the limit is refused before jsdom sees it (jsdom took over 15 s on 14,000 levels).
    assert.equal(code(svg(`${'<g>'.repeat(MAX_SVG_DEPTH)}${'</g>'.repeat(MAX_SVG_DEPTH)}`)), 'too-deep');
    assert.equal(code(svg(`${'<g>'.repeat(MAX_SVG_DEPTH - 1)}${'</g>'.repeat(MAX_SVG_DEPTH - 1)}`)), 'accepted');
    // Elements past the bound are refused from the same scan (24,999 empty groups took 2.4 s and 137 MB).
    assert.equal(code(`<svg xmlns="${SVG_NS}">${'<g/>'.repeat(MAX_SVG_ELEMENTS - 1)}</svg>`), 'accepted');
    assert.equal(code(`<svg xmlns="${SVG_NS}">${'<g/>'.repeat(MAX_SVG_ELEMENTS)}</svg>`), 'too-many-elements');
  });

  it('a "use bomb" (uses of groups of uses, 10⁶ elements drawn) is refused; a sprite reused twice over is kept', () => {
    let defs = '<g id="l0"><circle r="1"/></g>';
    for (let i = 1; i <= 6; i++) defs += `<g id="l${i}">${`<use href="#l${i - 1}"/>`.repeat(10)}</g>`;
    assert.ok(renderedNodes(new window.DOMParser().parseFromString(svg(`<defs>${defs}</defs><use href="#l6"/>`), 'image/svg+xml').documentElement) > 1_000_000);
    assert.throws(() => sanitizeSvg(window, svg(`<defs>${defs}</defs><use href="#l6"/>`)), (err: unknown) => err instanceof SvgRejectedError && err.code === 'too-complex');
    const sprite = svg('<defs><path id="a" d="M0 0h1"/><g id="b"><use href="#a"/><use href="#a" x="2"/></g></defs><use href="#b"/><use href="#b" y="2"/>');
    assert.equal(sanitizeSvg(window, sprite).removed.length, 0);
    // Exact: svg, defs, path, g (+2 uses, each +1 path), two uses of b (each +5), and the circle.
    assert.equal(renderedNodes(new window.DOMParser().parseFromString(sprite, 'image/svg+xml').documentElement), 1 + 1 + 1 + (1 + 2 * 2) + 2 * (1 + 5) + 1);
  });

  it('regression: a <use> bomb through a cycle (1,000 rects × 40 × 2,800, 74 KB) passed the count and froze Chromium for 23 s; any cycle is now refused', () => {
    const cyclic = svg(`<defs><g id="F">${'<rect width="1" height="1"/>'.repeat(1000)}</g><g id="A"><use href="#B"/>${'<use href="#F"/>'.repeat(40)}</g><g id="B"><use href="#A"/></g></defs>${'<use href="#B"/>'.repeat(2800)}`);
    assert.ok(cyclic.length < MAX_SVG_CHARS, `${cyclic.length} characters`);
    const code = (text: string): string => {
      try {
        sanitizeSvg(window, text);
        return 'accepted';
      } catch (err) {
        return err instanceof SvgRejectedError ? err.code : String(err);
      }
    };
    assert.equal(code(cyclic), 'use-cycle');
    assert.equal(code(svg('<use href="#self" id="self"/>')), 'use-cycle', 'a use of itself');
    assert.equal(code(svg('<g id="up"><g><use href="#up"/></g></g>')), 'use-cycle', 'a use of its ancestor');
    assert.equal(code(svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#c"/></g><g id="c"><use href="#a"/></g>')), 'use-cycle', 'a ring of three');
    assert.equal(code(svg(`<defs><g id="F">${'<rect width="1" height="1"/>'.repeat(1000)}</g></defs>${'<use href="#F"/>'.repeat(60)}`)), 'too-complex', 'no cycle, over the count');
    assert.equal(code(svg(`<defs><g id="F">${'<rect width="1" height="1"/>'.repeat(1000)}</g></defs>${'<use href="#F"/>'.repeat(40)}`)), 'accepted', 'no cycle, under the count');
  });

  it('regression: the slow corners stay fast (24,700 × <g/>, a 99,000-character attribute or <style> of letters: 15 s each before)', () => {
    const timed = (text: string): number => {
      const t0 = performance.now();
      try {
        sanitizeSvg(window, text);
      } catch {
        // refusals count as well as acceptances: what matters is the time
      }
      return performance.now() - t0;
    };
    const letters = 'a'.repeat(99_000);
    for (const [name, text] of [
      ['24,700 × <g/>', svg('<g/>'.repeat(24_700)).slice(0, MAX_SVG_CHARS)],
      ['a 99,000-character attribute', svg(`<rect width="1" height="1" class="${letters}"/>`)],
      ['a 99,000-character <style>', svg(`<style>${letters}</style>`)],
      ['a <style> of 40,000 "url("', svg(`<style>${'url('.repeat(24_000)}</style>`)],
    ] as const) {
      const ms = timed(text);
      assert.ok(ms < 5000, `${name}: ${Math.round(ms)} ms`);
    }
    assert.equal(cssIsSafe(letters), true);
    // A 99,003-letter name ending in url( is no CSS function; read back only 32 letters, it is refused rather than trusted.
    assert.equal(cssIsSafe(`${letters}url(#a)`), false);
    assert.equal(cssIsSafe(`${letters} url(#a)`), true);
    assert.equal(cssIsSafe(`${letters} url(https://evil.example/)`), false);
    assert.equal(cssIsSafe('fill: url( "#g" )'), true);
    assert.equal(cssIsSafe('/* url(https://evil.example/) */ fill: red'), true);
    assert.equal(cssIsSafe('fill: red; /* unterminated url(x'), true);
    assert.equal(cssIsSafe('background: IMAGE-SET("x.png" 1x)'), false);
  });

  it('nestingDepth counts tags as XML nests them: self-closing, quoted ">", comments, CDATA and PIs do not open', () => {
    assert.equal(nestingDepth('<svg><g><rect/><g a="x>y" b=\'>\'><path/></g></g></svg>'), 3);
    assert.equal(nestingDepth('<svg><!-- <g><g><g> --><![CDATA[<g><g>]]><?pi <g>?><g/></svg>'), 1);
    assert.equal(nestingDepth(`<svg>${'<g>'.repeat(1000)}`, 10), 11, 'stops past the limit');
    // A processing instruction ends at `?>`: a `>` inside it closes nothing (it was read as the end of the PI).
    const tricked = svg(`${'<g><?x > </g> ?>'.repeat(2000)}${'</g>'.repeat(2000)}`);
    assert.equal(nestingDepth(tricked), MAX_SVG_DEPTH + 1);
    assert.throws(() => sanitizeSvg(window, tricked), (err: unknown) => err instanceof SvgRejectedError && err.code === 'too-deep');
  });

  it('the provenance in <metadata> reads back with the XMP reader Image details uses, hostile text included', () => {
    const prompt = 'a "fox" <script>alert(1)</script> & \u0007 ]]> -->\nsecond line';
    const saved = svgForSaving(window, sanitizeSvg(window, svg('')).svg, xmpPacket({ Description: prompt, Source: 'openai/gpt-5"><script>', Software: 'OpenRouter Studio', 'openrouter:api': 'chat' }));
    assertInert(saved.replace(/<metadata>[\s\S]*<\/metadata>/, ''), 'metadata');
    const doc = new window.DOMParser().parseFromString(saved, 'image/svg+xml');
    assert.equal(doc.getElementsByTagNameNS(SVG_NS, 'script').length, 0);
    assert.equal(doc.documentElement.firstElementChild?.localName, 'metadata');
    // Without a packet (embedMetadata off): the sanitized SVG as it is, no <metadata>.
    const plain = sanitizeSvg(window, svg('')).svg;
    assert.equal(svgForSaving(window, plain), plain);
    const fields = provenanceFromXmp(saved.slice(saved.indexOf('<x:xmpmeta'), saved.indexOf('</x:xmpmeta>') + 12));
    assert.equal(fields?.Description, prompt.replace('\u0007', ''));
    assert.equal(fields?.Source, 'openai/gpt-5"><script>');
    assert.equal(fields?.['openrouter:api'], 'chat');
  });

  it('extractSvg takes the document out of a fenced reply, prose around it ignored', () => {
    const doc = svg('');
    assert.equal(extractSvg(`Here it is:\n\n\`\`\`svg\n${doc}\n\`\`\`\nEnjoy </svg-not-this>`), doc);
    assert.equal(extractSvg('No SVG here, just <svgs>.'), undefined);
    assert.equal(extractSvg('<svg viewBox="0 0 1 1"><rect/>'), undefined);
  });
});

describe('svg/sanitizer (worker)', function () {
  this.timeout(60_000);
  it('sanitizes in a worker thread, and refuses with the user\'s message', async () => {
    const sanitizer = new SvgSanitizer();
    try {
      const r = await sanitizer.sanitize(svg(VECTORS.script));
      assertInert(r.svg, 'worker');
      assert.deepEqual(r.removed, [{ kind: 'element', name: 'script' }]);
      await assert.rejects(sanitizer.sanitize('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>'), (err: unknown) => err instanceof SvgRejectedError && err.code === 'not-well-formed' && /^The SVG is not well-formed XML: /.test(err.message));
      const saved = await sanitizer.forSaving(r.svg, xmpPacket({ Source: 'm', Description: 'p' }));
      assert.equal(provenanceFromXmp(saved)?.Description, 'p');
    } finally {
      sanitizer.dispose();
    }
  });
});

describe('svg: Image details', () => {
  it('reads a saved SVG\'s prompt, model and size back; an SVG from elsewhere gives its size only', async () => {
    const { readImageDetails } = await import('../../../src/images/readDetails');
    const { provenanceText } = await import('../../../src/images/provenance');
    const saved = `<?xml version="1.0" encoding="UTF-8"?>\n${svgForSaving(window, sanitizeSvg(window, svg('')).svg, xmpPacket(provenanceText({ prompt: 'a <b>fox</b> & "hen"', model: 'anthropic/claude-sonnet-4.5', api: 'chat' })))}\n`;
    const bytes = new TextEncoder().encode(saved);
    assert.deepEqual(await readImageDetails(bytes), { mimeType: 'image/svg+xml', width: 10, height: 10, bytes: bytes.length, prompt: 'a <b>fox</b> & "hen"', model: 'anthropic/claude-sonnet-4.5', api: 'chat', software: 'OpenRouter Studio' });
    const other = new TextEncoder().encode('\uFEFF<?xml version="1.0"?>\n<!-- made elsewhere -->\n<!DOCTYPE svg>\n<svg width="48px" height="24" xmlns="http://www.w3.org/2000/svg"/>');
    assert.deepEqual(await readImageDetails(other), { mimeType: 'image/svg+xml', width: 48, height: 24, bytes: other.length });
  });
});
