/**
 * What every SVG the extension shows or saves must be, checked on its text as a browser reads a `.svg` file
 * (jsdom's XML parser): shared by the unit corpus and the integration tests on saved files.
 */
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { SVG_NS } from '../../src/svg/sanitize';

/** CSS that could load something, judged apart from the sanitizer's own rule. */
const LOADING_CSS = /url\s*\(\s*['"]?(?!#)|@import|\\|image-set|\bimage\s*\(|cross-fade|\belement\s*\(/i;

const window = new JSDOM('').window;

/**
 * Asserts that `saved` is a well-formed SVG document in which nothing can run or load: no script,
 * `foreignObject`, HTML, animation of attributes, `<image>`, event handler, non-local href or `url()`,
 * processing instruction or CDATA section, no `@import`; and that it still holds the harmless
 * `<circle id="keep">` the corpus puts around each vector (skipped with `keep: false`). The extension's own
 * `<metadata>` subtree may hold other namespaces.
 */
/** Every check a saved file must pass, on the file as a browser parses it. */
export function assertInert(saved: string, label: string, keep = true): void {
  for (const bad of ['evil.example', 'alert', 'javascript:', 'data:', '@import']) assert.ok(!saved.includes(bad), `${label}: the saved file holds ${bad}: ${saved}`);
  const doc = new window.DOMParser().parseFromString(saved, 'image/svg+xml');
  assert.equal(doc.documentElement.namespaceURI, SVG_NS, `${label}: the saved file is an SVG document`);
  assert.equal(doc.getElementsByTagNameNS('*', 'parsererror').length, 0, `${label}: the saved file is well-formed`);
  const walk = (el: Element, inMetadata: boolean): void => {
    const meta = inMetadata || el.localName === 'metadata';
    if (!meta) {
      assert.equal(el.namespaceURI, SVG_NS, `${label}: ${el.nodeName} is an SVG element`);
      assert.ok(!['script', 'foreignObject', 'iframe', 'handler', 'animate', 'set', 'image', 'metadata'].includes(el.localName), `${label}: ${el.localName} survived`);
    }
    for (const a of [...el.attributes]) {
      assert.ok(!/^on/i.test(a.localName), `${label}: ${a.name} survived`);
      if (a.localName === 'href') assert.match(a.value, /^#/, `${label}: ${a.name}="${a.value}"`);
      assert.ok(!LOADING_CSS.test(a.value), `${label}: ${a.name}="${a.value}"`);
    }
    for (const n of [...el.childNodes]) assert.ok(n.nodeType !== 7 && n.nodeType !== 4, `${label}: a processing instruction or CDATA section survived`);
    for (const c of [...el.children]) walk(c, meta);
  };
  walk(doc.documentElement, false);
  for (const style of [...doc.getElementsByTagNameNS(SVG_NS, 'style')]) assert.ok(!LOADING_CSS.test(style.textContent ?? ''), `${label}: ${style.textContent}`);
  if (keep) assert.ok(doc.getElementById('keep'), `${label}: the harmless circle survived`);
}

